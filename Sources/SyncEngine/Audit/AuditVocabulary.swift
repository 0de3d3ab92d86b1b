/// The six kinds of warnings of a webinar's audit log, as HubSpot's webinar integrations
/// name them, each with what the user can do about it.
public enum AuditWarningKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// 1. Some webinar data was not synced because a sync setting is off.
    case settingOff = "setting_off"
    /// 2. The webinar recording/transcript was not synced.
    case recordingNotSynced = "recording_not_synced"
    /// 3. Some participants were not synced.
    case participantsNotSynced = "participants_not_synced"
    /// 4. Some webinar data was not synced (records not created).
    case dataNotSynced = "data_not_synced"
    /// 5. Some email addresses were excluded from the webinar sync.
    case emailsExcluded = "emails_excluded"
    /// 6. Some webinar data was not synced because of an error.
    case syncError = "sync_error"

    /// The warning's title, in the words of HubSpot's help article.
    public var title: String {
        switch self {
        case .settingOff: "Some webinar data was not synced because a sync setting is off"
        case .recordingNotSynced: "The webinar recording/transcript was not synced"
        case .participantsNotSynced: "Some participants were not synced"
        case .dataNotSynced: "Some webinar data was not synced"
        case .emailsExcluded: "Some email addresses were excluded from the webinar sync"
        case .syncError: "Some webinar data was not synced because of an error"
        }
    }

    /// What to do about it; `sourceName` is the source's name in sentences (``HubSpotProfile/sourceName``).
    public func whatToDo(sourceName: String) -> String {
        switch self {
        case .settingOff:
            "Check that global sync and webinar sync are on. Global sync must be turned on by an account admin "
                + "before webinar sync can be turned on. Missing webinar data syncs once both settings are on."
        case .recordingNotSynced, .dataNotSynced, .syncError:
            "Check that global sync, webinar sync and recording and transcript sync are on. If they are, "
                + "sync the webinar again with \"Sync now\"."
        case .participantsNotSynced:
            "Check the participant data in \(sourceName). Turn on webinar registration so that every attendee has an email."
        case .emailsExcluded:
            "Nothing to do, unless you want to remove an exclusion from your settings."
        }
    }
}

/// Why something was not synced or was excluded.
public enum AuditReason: String, Sendable, Codable, CaseIterable, Hashable {
    // Settings (kind 1)
    case globalSyncOff = "global_sync_off"
    case webinarSyncOff = "webinar_sync_off"
    case hostNotSelected = "host_not_selected"
    case hostDomainExcluded = "host_domain_excluded"
    case webinarToggledOff = "webinar_toggled_off"
    case newWebinarsOffByDefault = "new_webinars_off_by_default"
    case unsupportedWebinar = "unsupported_webinar"
    // Recording (kind 2)
    case recordingSettingOff = "recording_setting_off"
    case noParticipants = "no_participants"
    case recordingProcessing = "recording_processing"
    case recordingUnavailable = "recording_unavailable"
    // Participants (kind 3)
    case guestWithoutEmail = "guest_without_email"
    case noParticipantData = "no_participant_data"
    // Data (kind 4)
    case contactDeleted = "contact_deleted"
    /// The webinar was deleted in the source (a deletion webhook, and the source no longer knows it).
    case webinarDeleted = "webinar_deleted"
    case dataUnavailable = "data_unavailable"
    case recordRejected = "record_rejected"
    // Exclusions (kind 5)
    case hubSpotUser = "hubspot_user"
    case excludedDomain = "excluded_domain"
    case invalidEmail = "invalid_email"
    case secondaryEmail = "secondary_email"
    // Errors (kind 6)
    case transcriptNotFound = "transcript_not_found"
    case timelineEventFailed = "timeline_event_failed"
    case propertiesNotUpdated = "properties_not_updated"
    /// The connected source account could not be read (rows stored under the first connector's name are migrated by the store).
    case sourceDataUnavailable = "source_data_unavailable"
    case hubSpotError = "hubspot_error"
    /// The portal lacks an optional property (an add-on is off); the record was written without it.
    case optionalPropertyMissing = "optional_property_missing"

    /// The warning kind the reason belongs to.
    public var kind: AuditWarningKind {
        switch self {
        case .globalSyncOff, .webinarSyncOff, .hostNotSelected, .hostDomainExcluded, .webinarToggledOff,
            .newWebinarsOffByDefault, .unsupportedWebinar:
            .settingOff
        case .recordingSettingOff, .noParticipants, .recordingProcessing, .recordingUnavailable: .recordingNotSynced
        case .guestWithoutEmail, .noParticipantData: .participantsNotSynced
        case .contactDeleted, .webinarDeleted, .dataUnavailable, .recordRejected: .dataNotSynced
        case .hubSpotUser, .excludedDomain, .invalidEmail, .secondaryEmail: .emailsExcluded
        case .transcriptNotFound, .timelineEventFailed, .propertiesNotUpdated, .sourceDataUnavailable, .hubSpotError,
            .optionalPropertyMissing:
            .syncError
        }
    }

    /// The reason in plain language; `sourceName` is the source's name in sentences
    /// (``HubSpotProfile/sourceName``, e.g. "Webex").
    public func explanation(sourceName: String) -> String {
        switch self {
        case .globalSyncOff: "Global sync is off."
        case .webinarSyncOff: "Webinar sync is off."
        case .hostNotSelected: "The webinar's host is not among the \(sourceName) users whose webinars are synced."
        case .hostDomainExcluded: "The webinar's host has an email domain listed in the recording exclusions."
        case .webinarToggledOff: "Sync is turned off for this webinar in the host's user settings."
        case .newWebinarsOffByDefault: "The host's user settings do not sync newly scheduled webinars by default."
        case .unsupportedWebinar: "\(sourceName) marks this kind of webinar as not supported by the integration."
        case .recordingSettingOff: "Recording and transcript sync is off for the webinar's host."
        case .noParticipants: "There were no participants in the webinar."
        case .recordingProcessing: "The recording is still being processed by \(sourceName)."
        case .recordingUnavailable: "The webinar was not recorded, or the recording was deleted or cannot be found."
        case .guestWithoutEmail: "The participant joined as a guest without an email and matches no registration."
        case .noParticipantData: "\(sourceName) has no participant data for the webinar yet."
        case .contactDeleted: "The contact was deleted in HubSpot; the sync does not re-create deleted contacts."
        case .webinarDeleted: "The webinar was deleted in \(sourceName); there is nothing left to sync."
        case .dataUnavailable: "The data is not available in \(sourceName)."
        case .recordRejected: "HubSpot refused to create or update the record."
        case .hubSpotUser: "The email belongs to a user of the HubSpot account."
        case .excludedDomain: "The email's domain is excluded in the integration settings."
        case .invalidEmail: "The email address is not valid."
        case .secondaryEmail: "The email is a contact's secondary email; only primary emails create or update contacts."
        case .transcriptNotFound: "The webinar's transcript could not be found."
        case .timelineEventFailed: "A timeline event could not be created."
        case .propertiesNotUpdated: "The contact properties could not be updated."
        case .sourceDataUnavailable: "No data could be fetched from the connected \(sourceName) account."
        case .hubSpotError: "HubSpot answered with an error."
        case .optionalPropertyMissing:
            "A HubSpot property the sync writes does not exist in this portal; the record was written without it."
        }
    }
}
