"""What other apps add to a person's registration page ("my registration").

``registration_links.send(sender=Registration, registration=…, signed=…)``:
each receiver returns a list of ``RegistrationItem`` (or nothing). ``signed`` is
True when the page was opened from an e-mailed link without signing in: links
must then be signed ones, made for this registration's person only.
Attendance (check-in), credentials (attestations) and evaluation (surveys)
answer it, so this app never imports them.
"""

from dataclasses import dataclass

from django.dispatch import Signal

registration_links = Signal()


@dataclass(frozen=True)
class RegistrationItem:
    kind: str  # "checkin", "attestation", "survey"… (an anchor and a test hook)
    title: str
    text: str = ""
    url: str = ""  # empty: nothing to follow yet (the text says why)
    link_label: str = ""
    order: int = 50
