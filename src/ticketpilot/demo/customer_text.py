"""What customers write (English): subjects, opening messages, follow-ups, and PII asides.

Templates use ``{slot}`` fields (see :mod:`ticketpilot.demo.template`); PII slots (``{order}``,
``{email}``, ``{card}``...) are recorded as planted ground truth. No template contains ``;`` or
``<``: the importer's plain-text rules would otherwise touch them and move the offsets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing customers write about: subject lines, the first message, the right answers.

    ``answers`` index :data:`ticketpilot.demo.agent_text.ANSWERS` for the category, best first.
    """

    subjects: tuple[str, ...]
    opening: str
    answers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Texts:
    """One category's customer side: its issues and the replies customers send later."""

    issues: tuple[Issue, ...]
    still_stuck: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()


CUSTOMER: Mapping[str, Texts] = {
    "billing": Texts(
        (
            Issue(
                ("Charged twice", "Double charge on order {order}", "Refund for duplicate payment"),
                "I was charged twice for my order {order}. Two payments of ${amount} went out on "
                "{date}. Please refund the duplicate.",
                (0, 1),
            ),
            Issue(
                ("Unknown charge on my card", "What is this charge?"),
                "Why was I charged ${price} on {date}? I don't recognise this charge.",
                (3,),
            ),
            Issue(
                ("Wrong invoice", "Invoice for order {order}"),
                "My invoice for order {order} shows the wrong billing address. Can you send a "
                "corrected one?",
                (2,),
            ),
            Issue(
                ("Still billed after cancelling", "Billing question"),
                "I cancelled my {plan} plan but I was still billed ${price} this month.",
                (6, 1),
            ),
            Issue(
                ("Promo code not applied",),
                "The promo code from your newsletter didn't apply at checkout and I paid full price "
                "(${amount}). Can you refund the difference?",
                (4,),
            ),
            Issue(
                ("VAT invoice", "Invoice needed for order {order}"),
                "I need a VAT invoice for order {order} for my company.",
                (2,),
            ),
            Issue(
                ("Payment declined", "Can't pay"),
                "My payment keeps getting declined at checkout even though the card works "
                "everywhere else.",
                (5,),
            ),
        ),
        ("The duplicate charge is still on my statement.",),
        ("Got the refund, thanks!",),
    ),
    "shipping": Texts(
        (
            Issue(
                ("Where is my order?", "Order {order} not delivered"),
                "My order {order} still hasn't arrived. It's been {days} days since it shipped.",
                (0, 1),
            ),
            Issue(
                ("Tracking not updating", "Is my parcel lost?"),
                "The tracking for my order {order} hasn't updated since {date}. Is it lost?",
                (1, 0),
            ),
            Issue(
                ("Package marked delivered but not received", "Not delivered"),
                "{carrier} says my package was delivered but there's nothing here. Order {order}.",
                (1,),
            ),
            Issue(
                ("Change delivery address", "Address change for {order}"),
                "Can I change the delivery address for order {order}? I'm moving next week.",
                (2,),
            ),
            Issue(
                ("Damaged parcel", "{product} arrived broken"),
                "The box arrived damaged and the {product} inside is cracked. Order {order}.",
                (4,),
            ),
            Issue(
                ("Express shipping", "Delivery time"),
                "How long does express shipping take? I need the {product} before {date}.",
                (3,),
            ),
            Issue(
                ("Item missing from order", "Incomplete delivery"),
                "I only received part of my order {order}, the {product} is missing.",
                (5,),
            ),
        ),
        ("Still nothing from {carrier}.",),
        ("It arrived today, thank you.",),
    ),
    "returns": Texts(
        (
            Issue(
                ("Return request", "Return for order {order}"),
                "I'd like to return the {product} I bought on {date}. It's not what I expected. "
                "Order {order}.",
                (0,),
            ),
            Issue(
                ("Refund not received", "Where is my refund?"),
                "I sent my return back {days} days ago and still no refund. RMA {booking}.",
                (1,),
            ),
            Issue(("Return label",), "How do I get a return label for order {order}?", (0,)),
            Issue(
                ("Exchange {product}",), "Can I exchange my {product} for a different colour?", (2,)
            ),
            Issue(
                ("Return not eligible?",),
                "The return portal says order {order} is not eligible for return, but I bought it "
                "{days} days ago.",
                (4, 0),
            ),
            Issue(
                ("Partial refund", "Refund amount wrong"),
                "I returned the {product} but you only refunded ${amount} instead of the full "
                "price.",
                (3,),
            ),
        ),
        ("The label link doesn't work.",),
        ("Refund arrived, all good.",),
    ),
    "account_access": Texts(
        (
            Issue(
                ("Can't log in", "Password reset not working"),
                "I can't log in to my account. The password reset email never arrives.",
                (0,),
            ),
            Issue(
                ("Locked out of my account", "Account locked"),
                "I'm locked out after too many attempts. Please unlock my account.",
                (1,),
            ),
            Issue(
                ("2FA code not arriving",),
                "The 2FA code isn't being sent to my phone anymore. I changed my number.",
                (2,),
            ),
            Issue(
                ("Change account email",), "I want to change the email address on my account.", (3,)
            ),
            Issue(
                ("App keeps logging me out",),
                "The app keeps logging me out every few minutes since the last update.",
                (4,),
            ),
            Issue(
                ("Two accounts", "Merge accounts"),
                "I have two accounts by mistake, can you merge them?",
                (5,),
            ),
        ),
        ("The reset link says it has expired.",),
        ("I'm in now, thanks.",),
    ),
    "technical_issue": Texts(
        (
            Issue(
                ("{product} not turning on", "Dead {product}"),
                "My {product} won't turn on anymore. I tried charging it overnight.",
                (0, 3),
            ),
            Issue(
                ("{product} keeps disconnecting", "Wi-Fi drops"),
                "The {product} keeps disconnecting from Wi-Fi every few hours. Firmware {version}.",
                (1, 4),
            ),
            Issue(
                ("Error {error} during setup", "Setup fails"),
                "I get error {error} when I try to set up my {product} in the app.",
                (2,),
            ),
            Issue(
                ("Battery drains fast",),
                "The battery on my {product} drains in a few hours, it used to last two days.",
                (1, 3),
            ),
            Issue(
                ("{product} not showing in app",),
                "The {product} doesn't show up in the Northwind app anymore.",
                (4,),
            ),
            Issue(("Sound problem",), "Sound cuts out on the left side of my {product}.", (3, 0)),
            Issue(
                ("Laggy video", "Night mode broken"),
                "Video from my {product} is very laggy and night mode doesn't work.",
                (1,),
            ),
        ),
        ("I did the reset and it's the same.",),
        ("Factory reset worked, thanks.",),
    ),
    "subscription": Texts(
        (
            Issue(
                ("Cancel subscription", "How to cancel"),
                "How do I cancel my Northwind Plus subscription?",
                (0,),
            ),
            Issue(
                ("Upgrade plan",),
                "I want to upgrade from {plan} to Premium. Will I be charged the full price?",
                (1,),
            ),
            Issue(
                ("Unwanted renewal", "Auto-renewal refund"),
                "My Northwind Plus {plan} plan renewed automatically and I didn't want that. "
                "Please refund ${price}.",
                (2,),
            ),
            Issue(
                ("Cloud recordings missing",),
                "My cloud recordings disappeared even though my subscription is active.",
                (3,),
            ),
            Issue(
                ("Family plan?", "Northwind Plus question"),
                "Is there a family plan? I have three cameras on two accounts.",
                (5,),
            ),
            Issue(
                ("Free months not applied",),
                "I was promised 3 months free with my {product} but I'm being charged.",
                (4,),
            ),
        ),
        ("I don't see a cancel button anywhere.",),
        ("Done, thanks.",),
    ),
    "warranty": Texts(
        (
            Issue(
                ("Warranty claim", "Is this covered?"),
                "My {product} stopped working after {months} months. Is it still under warranty? "
                "Order {order}.",
                (0,),
            ),
            Issue(
                ("Repair status", "RMA {booking}"),
                "I sent my {product} for repair {days} days ago (RMA {booking}). Any news?",
                (1,),
            ),
            Issue(
                ("Replacement is faulty too",),
                "The replacement {product} you sent has the same fault.",
                (4,),
            ),
            Issue(
                ("Water damage",),
                "Does the warranty cover water damage? My {product} got wet.",
                (2,),
            ),
            Issue(
                ("Lost receipt", "Warranty question"),
                "I lost my receipt. Can I still claim warranty on my {product}?",
                (3,),
            ),
        ),
        ("Where do I send it?",),
        ("Thanks, I'll send it in.",),
    ),
    "product_question": Texts(
        (
            Issue(
                ("Alexa support?", "Question about {product}"),
                "Does the {product} work with Alexa and Google Home?",
                (0,),
            ),
            Issue(
                ("Buds vs Buds Pro",),
                "What's the difference between Aurora Buds and Aurora Buds Pro?",
                (1,),
            ),
            Issue(
                ("Recording without subscription?",),
                "Can the Lumen Cam 3 record continuously without a subscription?",
                (2,),
            ),
            Issue(
                ("Compatibility", "5 GHz Wi-Fi"),
                "Is the {product} compatible with 5 GHz Wi-Fi?",
                (3,),
            ),
            Issue(("Hub X2 device limit",), "How many devices can I connect to one Hub X2?", (4,)),
            Issue(("Waterproof?",), "Is the Pulse Watch S waterproof enough for swimming?", (5,)),
            Issue(
                ("Stock question", "Back in stock?"),
                "When will the {product} be back in stock?",
                (6,),
            ),
        ),
        ("That doesn't really answer it.",),
        ("Great, I'll order one.",),
    ),
    "security": Texts(
        (
            Issue(
                ("Someone logged into my account", "Suspicious login"),
                "I got an email saying someone logged into my account from another country. "
                "It wasn't me.",
                (0,),
            ),
            Issue(
                ("Account compromised", "Order I didn't make"),
                "Someone changed my account password and placed an order I didn't make.",
                (2, 0),
            ),
            Issue(
                ("Phishing text?",),
                "I received a suspicious text asking me to confirm my Northwind account. Is it "
                "phishing?",
                (1,),
            ),
            Issue(
                ("Camera accessed without permission",),
                "My camera's live view was accessed at 3am and it wasn't me. Is my Lumen Cam "
                "hacked?",
                (3,),
            ),
            Issue(
                ("Enable 2FA",),
                "Please enable two-factor authentication on my account, I think it was "
                "compromised.",
                (3, 0),
            ),
        ),
        ("I changed my password, what else should I do?",),
        ("Thanks for acting so fast.",),
    ),
    "legal": Texts(
        (
            Issue(
                ("Data access request", "GDPR request"),
                "Under the GDPR I request a copy of all personal data you hold about me.",
                (0,),
            ),
            Issue(
                ("Delete my data",),
                "Please delete my account and all my data (CCPA request).",
                (1,),
            ),
            Issue(
                ("Who sees my recordings?",),
                "I want to know who you share my camera recordings with.",
                (2,),
            ),
            Issue(
                ("Formal complaint",),
                "I'm filing a formal complaint: I was charged after cancelling and nobody answers. "
                "I will contact my bank and consumer protection.",
                (4,),
            ),
            Issue(
                ("Unsubscribe from marketing",),
                "Please stop sending me marketing emails and remove me from all lists.",
                (3,),
            ),
        ),
        ("When will I receive the data export?",),
        ("Thank you for confirming.",),
    ),
    "feedback": Texts(
        (
            Issue(
                ("Love the new update", "Feedback"),
                "Just wanted to say the new app update is great, setup took two minutes.",
                (0,),
            ),
            Issue(
                ("Checkout is confusing",),
                "Your checkout is confusing, it took me 20 minutes to find the shipping options.",
                (2,),
            ),
            Issue(
                ("Suggestion",), "Suggestion: please add a dark mode to the Northwind app.", (1,)
            ),
            Issue(
                ("Manual feedback",), "The {product} is great but the manual is hard to read.", (0,)
            ),
        )
    ),
}

#: The drift topic: vocabulary that no ticket uses before firmware 4.2 ships. Its answers come
#: from :data:`ticketpilot.demo.agent_text.DRIFT_ANSWERS` by phase.
DRIFT_SUBJECTS = ("Hub X2 bricked after firmware 4.2", "Pairing fails after update (E-42)",
                  "Hub X2 amber light, nothing pairs", "URGENT: firmware 4.2 broke my hub",
                  "Hub X2 won't re-pair devices")  # fmt: skip
DRIFT_OPENINGS = (
    "My Hub X2 updated to firmware 4.2 last night and now none of my devices pair. There is a "
    "solid amber light on the hub and the app shows error E-42.",
    "After the firmware 4.2 update my Hub X2 is bricked. It just blinks amber.",
    "The Hub X2 lost all paired sensors after updating to firmware 4.2. When I try to re-pair "
    "them it fails with E-42.",
    "Since firmware 4.2 my Hub X2 won't pair with my Lumen Cam 3 anymore. I already tried "
    "recovery mode.",
    "Is there a way to roll back firmware 4.2? Pairing fails for every device and the hub shows "
    "an amber light.",
    "The firmware 4.2 update bricked my hub. I want a replacement or a refund, order {order}.",
)
DRIFT_TEXTS = Texts((), ("Recovery mode didn't help, still E-42.",
                         "Still an amber light after the reset."),
                    ("The re-pair worked, thanks.",))  # fmt: skip

GREETINGS = ("Hi,", "Hello,", "Hi there,", "Hello Northwind team,", "Dear Support,", "Hey,",
             "Good morning,")  # fmt: skip
MOODS = ("I already tried restarting it.", "This is really frustrating.",
         "I need this sorted before the weekend.", "Thanks in advance for your help.",
         "Please help.", "This is the second time I'm writing about this.")  # fmt: skip
SIGN_OFFS = ("Thanks,\n{first}", "Regards,\n{name}", "Thank you!", "Thanks",
             "Cheers,\n{first}", "Best,\n{name}", "{first}", "Sent from my iPhone",
             "Kind regards,\n{name}")  # fmt: skip
#: Later customer messages: after an answer that worked, one that didn't, or a non-answer.
RESOLVED = ("Thanks, that fixed it!", "Ok thanks.", "Thank you for the quick help!",
            "Perfect, thank you.", "That worked, thanks!")  # fmt: skip
STILL_STUCK = ("Still not working. I did everything you said.",
               "Any update? It's been {days} days.", "That doesn't answer my question.",
               "I already tried that twice.",
               "Can I just get a refund instead?")  # fmt: skip
AFTER_DEFLECTION = ("Here is the order number: {order}", "My number is {phone}, please call me.",
                    "I can't send a DM, I'm writing by email. Please just answer here.",
                    "My account email is {email}.")  # fmt: skip

#: Sentences in which customers volunteer personal data, by PII slot.
PII_ASIDES: Mapping[str, tuple[str, ...]] = {
    "email": (
        "My account email is {email}.",
        "Please reply to {email}, not the address I wrote from.",
        "You can reach me at {email}.",
    ),
    "phone": (
        "You can call me on {phone}.",
        "My number is {phone} if that's easier.",
        "Call me back at {phone} please.",
    ),
    "card": (
        "The card charged was {card}.",
        "I paid with my card {card}, expiry 09/27.",
        "Card number {card} if you need it to find the payment.",
    ),
    "iban": ("Please refund to my bank account, IBAN {iban}.", "My IBAN is {iban} for the refund."),
    "ip": (
        "The login came from {ip}, which isn't me.",
        "My public IP is {ip} in case you need it.",
        "The {product} has the address {ip} on my network.",
    ),
    "address": (
        "My address is {address}.",
        "Please send it to {address}.",
        "Ship the replacement to {address}.",
    ),
    "ssn": (
        "For identity verification, my SSN is {ssn}.",
        "My social security number is {ssn} if you need to verify me.",
    ),
    "url": (
        "This is the link from your email: {url}",
        "I clicked this link and it says expired: {url}",
    ),
}
