"""What agents write (English): answers grounded in category facts, macros, non-answers, notes.

Answers carry the facts a grounding check looks for (refund windows, order and RMA numbers,
tracking numbers, amounts, dates); tracking numbers, KB ids, error codes and firmware versions are
deliberate look-alikes that are *not* personal data. Macros are repeated verbatim on purpose: the
audit's template detection should find them.
"""

from __future__ import annotations

from collections.abc import Mapping

ANSWERS: Mapping[str, tuple[str, ...]] = {
    "billing": (
        "I can see the duplicate charge of ${amount} on {date}. I have refunded it and it will "
        "show on your statement within 5-10 business days.",
        "Refunds go back to the original payment method within {refund_days} days of the request.",
        "Your invoice for order {order} is available under Account > Orders > Invoices.",
        "The charge of ${price} is the monthly renewal of your Northwind Plus {plan} plan.",
        "I have applied the promo code retroactively and refunded ${amount}.",
        "Declined payments usually come from the bank's fraud check. Please ask your bank to "
        "allow payments to Northwind Devices and try again.",
        "I can confirm your {plan} plan was cancelled after the billing date, so the charge went "
        "through. I've refunded ${price}.",
    ),
    "shipping": (
        "Your order {order} shipped with {carrier} on {date}, tracking number {tracking}. "
        "Standard delivery takes 3-5 business days.",
        "I have opened an investigation with {carrier}. If the parcel is not found within 48 "
        "hours we will send a replacement at no cost.",
        "I've updated the delivery address on order {order}.",
        "Express shipping takes 1-2 business days if you order before 2pm.",
        "I'm sorry the {product} arrived damaged. A replacement is on its way, tracking number "
        "{tracking}.",
        "The missing {product} was sent separately, tracking number {tracking}.",
    ),
    "returns": (
        "You can return any product within {return_days} days of delivery. I have emailed you a "
        "prepaid return label for order {order}.",
        "Your return (RMA {booking}) arrived on {date}. The refund of ${amount} has been issued "
        "and takes 5-10 business days to appear.",
        "Exchanges are handled as a return plus a new order. Start the return under Account > "
        "Orders and we'll refund you as soon as it arrives.",
        "The partial refund was a mistake on our side. I've refunded the remaining ${amount}.",
        "I've made an exception and opened the return for order {order} manually.",
    ),
    "account_access": (
        "I've sent a new password reset link to the email on your account. The link is valid for "
        "24 hours.",
        "I have unlocked your account. Please wait 15 minutes before trying again.",
        "I've removed the old phone number from two-factor authentication, so you can add your "
        "new one at the next login.",
        "To change your account email, go to Settings > Profile > Email. You'll get a "
        "confirmation at both addresses.",
        "Please update the app to version 5.3 or later, which fixes the logout loop.",
        "I've merged your two accounts. Your orders and devices are now under one login.",
    ),
    "technical_issue": (
        "Please hold the power button for 15 seconds to do a hard reset, then charge it for at "
        "least 30 minutes.",
        "Please update the {product} to the latest firmware in the app under Devices > Firmware.",
        "Error {error} means the device can't reach our servers. Please check that your router "
        "allows 2.4 GHz connections.",
        "This sounds like a hardware fault. I've set up a warranty replacement for you, "
        "RMA {booking}.",
        "Please remove the {product} from the app and add it again. See article {kb} for the "
        "steps.",
    ),
    "subscription": (
        "You can cancel Northwind Plus at any time under Account > Subscription. You keep access "
        "until the end of the billing period.",
        "When you upgrade, we only charge the difference for the rest of the billing period.",
        "I've cancelled the renewal and refunded ${price} to your original payment method.",
        "Recordings are kept for 30 days on Plus and 60 days on Premium. Older clips are deleted "
        "automatically.",
        "The free months are applied as a credit on your next invoices. I've added the missing "
        "credit.",
        "Northwind Plus Premium covers up to 10 cameras on one account, and you can share access "
        "with family members under Settings > Sharing.",
    ),
    "warranty": (
        "All our products have a {warranty_months}-month warranty (24 months in the EU). Your "
        "{product} is covered.",
        "Your repair (RMA {booking}) is at our service centre. Repairs take about 7-10 business "
        "days.",
        "Water damage is not covered by the standard warranty, but we can offer 30% off a "
        "replacement.",
        "We can look up your purchase with your order number or the device serial number, so a "
        "receipt isn't needed.",
        "I'm sorry the replacement has the same fault. I've arranged a new unit from a different "
        "batch, RMA {booking}.",
    ),
    "product_question": (
        "Yes, the {product} works with Alexa, Google Home and Apple Home.",
        "The Aurora Buds Pro add active noise cancelling and wireless charging.",
        "Continuous recording needs a Northwind Plus plan. Without one, the camera keeps motion "
        "clips for 24 hours.",
        "The {product} supports 2.4 GHz only. Most routers broadcast both bands, so it will "
        "connect.",
        "One Hub X2 supports up to 64 devices.",
        "The Pulse Watch S is rated 5 ATM, which is fine for swimming but not for diving.",
        "The {product} is back in stock from next week. You can sign up for a notification on "
        "the product page.",
    ),
    "security": (
        "I've signed out all sessions on your account and reset your password. Please set a new "
        "one with the link we emailed.",
        "That text is phishing. We never ask for your password or codes by text. Please delete it.",
        "I've cancelled the unauthorised order and flagged your account for review by our "
        "security team.",
        "Please turn on two-factor authentication under Settings > Security. I've also reset your "
        "camera's access keys.",
    ),
    "legal": (
        "We've received your data access request. You'll receive your data export within 30 days, "
        "as required by law.",
        "Your deletion request has been logged. Your account and personal data will be deleted "
        "within 30 days.",
        "Camera recordings are never shared with third parties. You can read the details in our "
        "privacy policy.",
        "I've removed your email from all marketing lists. It can take up to 48 hours to take "
        "effect.",
        "I've passed your complaint to our customer relations team, who will reply within 5 "
        "business days.",
    ),
    "feedback": (
        "Thanks a lot for the feedback, I've passed it on to our product team.",
        "Thanks for the suggestion! Dark mode is on our roadmap.",
        "Sorry about the checkout experience. I've shared your comments with our web team.",
    ),
}

#: Drift answers by phase: before the issue is known, once it is known, once the fix shipped.
DRIFT_ANSWERS: Mapping[str, tuple[str, ...]] = {
    "unknown": (
        "Please try a factory reset: hold the reset button for 30 seconds, then set the hub up "
        "again in the app.",
        "Please unplug the Hub X2 for a minute and plug it back in. If that doesn't help, reply "
        "and we'll investigate further.",
    ),
    "known": (
        "We are aware of an issue with firmware 4.2 on some Hub X2 units. Please put the hub in "
        "recovery mode (hold the reset button for 30 seconds until the light blinks amber), then "
        "re-pair your devices one by one.",
        "Our engineers are working on a fix for the E-42 pairing failure. I've added you to the "
        "list of customers we notify when it is released.",
        "If your Hub X2 is bricked and recovery mode doesn't work, we'll replace it under "
        "warranty: RMA {booking}.",
    ),
    "fixed": (
        "Firmware 4.2.1 fixes the pairing failure. Please update in the app under Devices > "
        "Hub X2 > Firmware, then re-pair your devices.",
        "If your Hub X2 is bricked and recovery mode doesn't work, we'll replace it under "
        "warranty: RMA {booking}.",
    ),
}
#: Days after the drift start when support learns of the issue, and when the fix ships.
DRIFT_KNOWN_AFTER_DAYS = 9
DRIFT_FIXED_AFTER_DAYS = 75

#: The macro team's canned bodies: byte-identical every time (template detection fodder).
MACROS: Mapping[str, str] = {
    "billing": "We have received your billing enquiry. Our billing team will review your account "
    "and get back to you within 2 business days. Refunds are returned to the original payment "
    "method within {refund_days} days.",
    "shipping": "Most orders arrive within 3-5 business days of dispatch. You can follow your "
    "parcel at any time under Account > Orders.",
    "returns": "You can return any product within {return_days} days of delivery. To start a "
    "return:\n- Go to Account > Orders\n- Select the item and choose Return\n- Print the prepaid "
    "label and drop the parcel at any carrier location",
    "account_access": "For your security, our team cannot change login details by email. Please "
    "use the Forgot password link on the sign-in page. The link is valid for 24 hours.",
    "technical_issue": "To help us troubleshoot, please try the following steps:\n- Restart the "
    "device\n- Make sure the Northwind app is up to date\n- Check that your Wi-Fi is working\nIf "
    "the problem persists, reply to this email with the device serial number.",
    "subscription": "You can manage or cancel Northwind Plus at any time under Account > "
    "Subscription. Changes take effect at the end of the current billing period.",
    "warranty": "All Northwind products come with a {warranty_months}-month limited warranty. To "
    "open a claim, reply with your order number and a short description of the fault.",
    "product_question": "You can find full specifications and compatibility information on the "
    "product page and in our Help Centre.",
    "security": "We take the security of your account seriously. Please reset your password and "
    "turn on two-factor authentication under Settings > Security.",
    "legal": "Your request has been forwarded to our Data Protection Officer, who will respond "
    "within 30 days.",
    "feedback": "Thank you for your feedback. We read every message and share it with the teams "
    "concerned.",
}
MACRO_DRIFT = "We are aware of a pairing issue affecting some Hub X2 units and our engineers are "
MACRO_DRIFT += "working on it. We will update you as soon as we know more."

#: Replies that answer nothing: the audit counts them as unusable.
DEFLECTIONS = (
    "Please DM us your order number and we'll take a look.",
    "Please send us a DM with your account email so we can look into this.",
    "Please call us so we can look into this.",
    "Could you please give us a call? We can't discuss account details here.",
    "I've passed this on to the relevant team, they will be in touch.",
    "We're looking into it.",
)

#: Replies after the customer confirmed the fix.
WRAP_UPS = (
    "Glad to hear it! I'll close this ticket now.",
    "Great, thanks for confirming.",
    "You're welcome. Have a nice day!",
    "Happy to help. This ticket is now solved.",
)
#: Replies after the customer says it still doesn't work and the known answers are used up.
ESCALATIONS = (
    "I've escalated this to our specialist team, who will contact you within 24 hours.",
    "I'm sorry this is still not resolved. I've asked our tier 2 team to take over.",
)
MACRO_WRAP_UP = "We're glad your issue is resolved. This ticket will now be closed."

#: Agents repeating the customer's own data back (planted PII in agent replies).
ECHOES = (
    "I've sent the details to {email}.",
    "We'll ship it to {address}.",
    "We will call you on {phone} if we need anything else.",
    "Hi {first}, just confirming this is about order {order}.",
)

NOTES = (
    "Escalated to tier 2.",
    "Customer verified via account email {email}.",
    "Checked logs: last login from {ip}.",
    "Refund approved by team lead.",
    "Waiting for {carrier} investigation.",
    "Same customer wrote last month about a similar problem.",
    "Called the customer on {phone}, no answer.",
    "Billing adjustment over $100 needs sign-off by {agent}.",
)
DRIFT_NOTE = "Linked to incident INC-2291 (firmware 4.2 pairing). Added to the notify list."
