import Foundation

/// Why a scenario action could not run.
public enum ZoomSimulatorActionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No account has a webinar with this id.
  case unknownWebinar(Int64)
  /// The webinar has no past instance (end it first).
  case noInstance(Int64)
  /// Zoom refused the registration (code and message as the API would answer).
  case registrationRefused(code: Int, message: String)

  /// What happened and what to do about it.
  public var description: String {
    switch self {
    case .unknownWebinar(let id):
      "No simulated Zoom account has webinar \(id); check the scenario's webinar ids."
    case .noInstance(let id):
      "Webinar \(id) has not run yet; end it before completing its recording."
    case .registrationRefused(let code, let message):
      "Zoom refused the registration (\(code)): \(message)"
    }
  }
}

extension ZoomSimulator {
  /// Ends a webinar now, as if it had just run for its scheduled duration: a new past instance
  /// with the host and a share of the approved registrants attending (several join/leave
  /// sessions each, some shown as guests), and pushes `webinar.started`,
  /// `webinar.participant_joined`/`_left` and `webinar.ended`.
  @discardableResult
  public func endWebinar(id: Int64) async throws(ZoomSimulatorActionError) -> ZoomInstanceData {
    guard let located = store.locateWebinar(id: id) else { throw .unknownWebinar(id) }
    let (accountID, scheduled) = (located.accountID, located.webinar)
    let now = configuration.now()
    let host = store.account(accountID)?.users.first { $0.id == scheduled.hostID }
    let created = store.updateWebinar(accountID: accountID, id: id) {
      (webinar: inout ZoomWebinarData, generator: inout SeededGenerator) -> (
        ZoomWebinarData, ZoomInstanceData
      ) in
      let start = now.addingTimeInterval(-TimeInterval(webinar.durationMinutes * 60))
      var rows = AttendanceGenerator.sessions(
        name: host.map { "\($0.firstName) \($0.lastName)" } ?? webinar.hostEmail,
        email: webinar.hostEmail,
        registrantID: nil, visibility: .internalUser(zoomUserID: webinar.hostID), start: start,
        end: now,
        maxSessions: 1, using: &generator)
      for registrant in webinar.registrants where registrant.status == "approved" {
        guard Double.random(in: 0..<1, using: &generator) < 0.7 else { continue }
        let asGuest = Double.random(in: 0..<1, using: &generator) < 0.25
        rows += AttendanceGenerator.sessions(
          name: "\(registrant.firstName) \(registrant.lastName)", email: registrant.email,
          registrantID: registrant.id,
          visibility: asGuest ? .registrantAsGuest : .registrantWithEmail,
          start: start, end: now, maxSessions: 3, using: &generator)
      }
      let instance = ZoomInstanceData(
        uuid: ZoomIdentifiers.instanceUUID(using: &generator), startTime: start, endTime: now,
        participants: rows.sorted { $0.joinTime < $1.joinTime })
      webinar.instances.append(instance)
      return (webinar, instance)
    }
    guard let created else { throw .unknownWebinar(id) }
    let (webinar, instance) = created
    await pushLiveEvents(webinar: webinar, instance: instance, accountID: accountID)
    return instance
  }

  /// Sets the recording state of a webinar's latest instance (or the instance `uuid`); a
  /// completed recording gets its files and pushes `recording.completed` and
  /// `recording.transcript_completed`.
  @discardableResult
  public func setRecording(
    webinarID: Int64,
    instanceUUID: String? = nil,
    state: ZoomRecordingData.State
  ) async throws(ZoomSimulatorActionError) -> ZoomRecordingData {
    guard let accountID = store.locateWebinar(id: webinarID)?.accountID else {
      throw .unknownWebinar(webinarID)
    }
    let updated = store.updateWebinar(accountID: accountID, id: webinarID) {
      (webinar: inout ZoomWebinarData, generator: inout SeededGenerator) -> ZoomRecordingData? in
      let index: Int?
      if let instanceUUID {
        index = webinar.instances.firstIndex { $0.uuid == instanceUUID }
      } else {
        index = webinar.instances.indices.last
      }
      guard let index else { return nil }
      let instance = webinar.instances[index]
      var recording = instance.recording
      if recording.files.isEmpty || state == .processing || state == .absent {
        let speakers = Array(Set(instance.participants.map(\.name))).sorted().prefix(3)
        recording = AttendanceGenerator.recording(
          state: state, topic: webinar.topic, start: instance.startTime, end: instance.endTime,
          speakers: Array(speakers), using: &generator)
      }
      recording.state = state
      webinar.instances[index].recording = recording
      return recording
    }
    guard let recording = updated ?? nil else { throw .noInstance(webinarID) }
    if state == .completed,
      let uuid = instanceUUID
        ?? store.webinar(accountID: accountID, id: webinarID)?.instances.last?.uuid,
      let ref = store.instance(accountID: accountID, idOrUUID: uuid)
    {
      await pushRecordingEvents(ref, accountID: accountID)
    }
    return recording
  }

  /// Registers someone as if through Zoom's registration page (same rules as the API) and
  /// pushes `webinar.registration_created`.
  @discardableResult
  public func registerThroughZoom(
    webinarID: Int64,
    email: String,
    firstName: String,
    lastName: String
  ) async throws(ZoomSimulatorActionError) -> ZoomRegistrantData {
    guard let accountID = store.locateWebinar(id: webinarID)?.accountID else {
      throw .unknownWebinar(webinarID)
    }
    var input = ZoomRegistrantInput()
    input.email = email
    input.firstName = firstName
    input.lastName = lastName
    do {
      let result = try api.register(
        input, webinarID: webinarID, accountID: accountID, now: configuration.now())
      if result.created {
        await webhooks.deliver(
          ZoomWebhookEvents.registration(
            "webinar.registration_created", webinar: result.webinar, registrant: result.registrant,
            accountID: accountID, operator: nil, now: configuration.now()), accountID: accountID)
      }
      return result.registrant
    } catch let error as ZoomAPIError {
      throw .registrationRefused(code: error.code, message: error.message)
    } catch {
      throw .registrationRefused(code: 0, message: "\(error)")
    }
  }

  /// Approves, denies or cancels a registration as the host would (`approve`, `deny`, `cancel`),
  /// pushing the matching `webinar.registration_*` event.
  public func changeRegistration(webinarID: Int64, registrantID: String, action: String)
    async throws(ZoomSimulatorActionError)
  {
    guard let located = store.locateWebinar(id: webinarID) else { throw .unknownWebinar(webinarID) }
    let (accountID, webinar) = (located.accountID, located.webinar)
    let changed = api.applyStatus(
      action, to: [(registrantID, nil)], webinarID: webinarID, accountID: accountID)
    let event =
      action == "cancel"
      ? "webinar.registration_cancelled"
      : "webinar.registration_\(action == "deny" ? "denied" : "approved")"
    for registrant in changed {
      await webhooks.deliver(
        ZoomWebhookEvents.registration(
          event, webinar: webinar, registrant: registrant, accountID: accountID,
          operator: webinar.hostEmail,
          now: configuration.now()), accountID: accountID)
    }
  }

  /// Pushes, for every account with a webhook URL, the events its whole scenario implies:
  /// `webinar.created`, registrations (and cancellations), each past instance's live events and
  /// completed recordings. Returns the number of events pushed.
  @discardableResult
  public func pushScenarioWebhooks() async -> Int {
    var count = 0
    for account in store.accounts where account.credentials.webhookURL != nil {
      let accountID = account.credentials.accountID
      let now = configuration.now()
      for webinar in account.webinars {
        await webhooks.deliver(
          ZoomWebhookEvents.scheduling(
            "webinar.created", webinar: webinar, accountID: accountID, operator: nil, now: now),
          accountID: accountID)
        count += 1
        for registrant in webinar.registrants {
          var events = ["webinar.registration_created"]
          if registrant.cancelled { events.append("webinar.registration_cancelled") }
          for name in events {
            await webhooks.deliver(
              ZoomWebhookEvents.registration(
                name, webinar: webinar, registrant: registrant, accountID: accountID,
                operator: name == "webinar.registration_created" ? nil : webinar.hostEmail, now: now
              ),
              accountID: accountID)
            count += 1
          }
        }
        for index in webinar.instances.indices {
          count += await pushLiveEvents(
            webinar: webinar, instance: webinar.instances[index], accountID: accountID)
          if webinar.instances[index].recording.state == .completed {
            count += await pushRecordingEvents(
              ZoomInstanceRef(webinar: webinar, instanceIndex: index), accountID: accountID)
          }
        }
      }
    }
    return count
  }

  @discardableResult
  private func pushLiveEvents(
    webinar: ZoomWebinarData, instance: ZoomInstanceData, accountID: String
  ) async -> Int {
    let now = configuration.now()
    var events = [
      ZoomWebhookEvents.lifecycle(
        "webinar.started", webinar: webinar, instance: instance, accountID: accountID, now: now)
    ]
    let moments = instance.participants.flatMap { row in
      [
        (row.joinTime, "webinar.participant_joined", row),
        (row.leaveTime, "webinar.participant_left", row),
      ]
    }
    for (_, name, row) in moments.sorted(by: { $0.0 < $1.0 }) {
      events.append(
        ZoomWebhookEvents.participant(
          name, webinar: webinar, instance: instance, row: row, accountID: accountID, now: now))
    }
    events.append(
      ZoomWebhookEvents.lifecycle(
        "webinar.ended", webinar: webinar, instance: instance, accountID: accountID, now: now))
    for event in events {
      await webhooks.deliver(event, accountID: accountID)
    }
    return events.count
  }

  @discardableResult
  private func pushRecordingEvents(_ ref: ZoomInstanceRef, accountID: String) async -> Int {
    let now = configuration.now()
    let base = baseURL ?? "http://127.0.0.1"
    let token = api.issueDownloadToken(accountID: accountID, lifetimeSeconds: 86_400, now: now)
    for name in ["recording.completed", "recording.transcript_completed"] {
      await webhooks.deliver(
        ZoomWebhookEvents.recording(
          name, ref: ref, accountID: accountID, baseURL: base, downloadToken: token, now: now),
        accountID: accountID)
    }
    return 2
  }
}
