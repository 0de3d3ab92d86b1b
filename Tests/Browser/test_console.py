"""The web console in a real browser (headless Chromium), against `switchyard serve` with the
sample tenants and the sandbox: what a person sees and does. Screenshots of every step are saved
under .build/artifacts/console/."""

from __future__ import annotations

import time

WEBINAR_WAIT = 120.0  # the host's first reconcile syncs the sample webinars after start


def sign_in(page, host, token: str) -> None:
    page.goto(host.console_url)
    assert "Sign in" in page.title(), page.text()
    page.type_into("#token", token)
    page.click_and_wait("button[type=submit]")


def test_a_bad_token_is_refused_with_a_clear_message(page, host, shot):
    page.goto(host.console_url)
    assert page.url.endswith("/console/sign-in?next=%2Fconsole") or "/console/sign-in" in page.url
    shot(page, "01-sign-in")
    page.type_into("#token", "not-a-real-token")
    page.click_and_wait("button[type=submit]")
    text = page.text()
    assert "That token is not valid" in text, text
    assert page.evaluate("document.querySelector('#token').getAttribute('aria-invalid')") == "true"
    shot(page, "02-sign-in-bad-token")
    # Nothing behind the sign-in page opens without a session.
    page.goto(host.base_url + "/console/tenants/northwind")
    assert "/console/sign-in" in page.url
    assert "Northwind" not in page.text()


def test_the_operator_sees_every_tenant_with_its_health(page, host, shot):
    sign_in(page, host, host.operator_token)
    text = page.text()
    assert "Signed in as the operator" in text, text
    assert "Northwind Traders" in text and "Contoso Ltd" in text, text
    assert "Healthy" in text, text
    assert host.operator_token not in page.evaluate("document.documentElement.outerHTML")
    shot(page, "03-tenants")


def test_sign_in_open_a_webinar_read_its_audit_log_and_sync_it_now(page, host, shot):
    sign_in(page, host, host.tenant_tokens["northwind"])
    text = page.text()
    assert "Signed in as Northwind Traders" in text, text
    assert "Contoso" not in text, "a tenant token must not see other tenants"

    # The tenant page: settings in the words of HubSpot's Zoom integration, business units.
    page.click_link("Northwind Traders")
    text = page.text()
    for words in ("Global sync", "Webinar sync", "Sync webinar data for", "Sync recordings and transcripts for",
                  "Recording exclusions", "internal.northwind.example", "Contact exclusions", "Business units",
                  "EMEA", "Sync data from newly scheduled webinars by default"):
        assert words in text, f"{words!r} missing from the tenant page:\n{text}"
    for secret in ("demo-nw-zoom-client-secret", "demo-northwind-hubspot-token", "demo-northwind-admin-token"):
        assert secret not in page.evaluate("document.documentElement.outerHTML"), secret
    shot(page, "04-tenant")

    # The webinar list, once the first reconcile has synced the sample webinars.
    page.click_link("Webinars and their audit logs")
    with_exclusions = """[...document.querySelectorAll('tbody tr')]
        .find(r => Number(r.querySelector('td.excluded').innerText) > 0)"""
    deadline = time.monotonic() + WEBINAR_WAIT
    while not page.evaluate(f"Boolean({with_exclusions})") and time.monotonic() < deadline:
        time.sleep(1)
        page.goto(page.url)
    text = page.text()
    assert "Synced with warnings" in text, text
    shot(page, "05-webinars")

    # A webinar with excluded emails: its audit log in plain language, with what to do.
    page.evaluate(f"{with_exclusions}.querySelector('a').setAttribute('data-switchyard-target', '1')")
    page.click_and_wait("a[data-switchyard-target]")
    text = page.text()
    assert "Audit log" in text and "What to do:" in text, text
    assert "Some email addresses were excluded from the webinar sync" in text, text
    assert "The email's domain is excluded in the integration settings." in text, text
    shot(page, "06-webinar-audit-log")

    # "Sync now": a run page that refreshes itself until done, then shows the result.
    page.click_and_wait("#sync-now")
    assert "/runs/" in page.url, page.url
    shot(page, "07-sync-now-progress")
    page.wait_for_text("Done", timeout=120)
    page.wait_for_text("Result")
    text = page.text()
    assert "Sync now" in text and "Registrants:" in text, text
    assert page.evaluate("document.querySelector('meta[http-equiv=refresh]') === null")
    shot(page, "08-sync-now-result")

    # Back on the webinar page, the new entry is at the top of the audit log.
    page.click_link("Back to the webinar")
    first_entry = page.evaluate("document.querySelector('.audit-entry h3').innerText")
    assert "Sync now" in first_entry, first_entry


def test_a_tenant_token_cannot_open_another_tenant(page, host, shot):
    sign_in(page, host, host.tenant_tokens["northwind"])
    page.goto(host.base_url + "/console/tenants/contoso")
    text = page.text()
    assert "No tenant 'contoso'" in text, text
    assert "Contoso Ltd" not in text
    shot(page, "09-other-tenant-not-found")


def test_contact_lookup_explains_an_email(page, host, shot):
    sign_in(page, host, host.tenant_tokens["northwind"])
    page.goto(host.base_url + "/console/tenants/northwind/contact")
    page.type_into("#email", "someone@northwind.example")
    page.click_and_wait("form[role=search] button")
    text = page.text()
    assert "someone@northwind.example" in text and "Excluded" in text, text
    shot(page, "10-contact-lookup")


def test_sign_out_ends_the_session(page, host):
    sign_in(page, host, host.tenant_tokens["contoso"])
    page.click_and_wait("form[action='/console/sign-out'] button")
    assert "/console/sign-in" in page.url
    page.goto(host.base_url + "/console/tenants/contoso")
    assert "/console/sign-in" in page.url


def test_the_console_works_with_the_keyboard_alone(page, host, shot):
    page.goto(host.console_url)
    assert page.focused() == "token", "the token field has the focus when the sign-in page opens"
    page.send("Input.insertText", {"text": host.tenant_tokens["contoso"]})
    page.press_and_wait("Enter")
    assert "Signed in as Contoso Ltd" in page.text()
    page.press("Tab")
    assert page.focused() == "Skip to content", "the first Tab stop skips to the content"
    for _ in range(30):
        page.press("Tab")
        if page.focused() == "Contoso Ltd":
            break
    assert page.focused() == "Contoso Ltd", "the tenant link is reachable with Tab"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus is visible"
    shot(page, "11-keyboard-focus")
    page.press_and_wait("Enter")
    assert "Global sync" in page.text()
