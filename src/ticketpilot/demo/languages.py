"""The few percent of tickets written in Spanish, German or French, both sides of the thread.

Fewer templates than English on purpose: in real histories the minority languages are thin, and
the audit's language mix and retrieval quality should show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    """One language's customer and agent phrases; ``topics`` name each category's problem."""

    greetings: tuple[str, ...]
    openings: tuple[str, ...]
    order_line: str
    drift: tuple[str, ...]
    subjects: tuple[str, ...]
    drift_subject: str
    sign_offs: tuple[str, ...]
    follow_ups: tuple[str, ...]
    agent_greetings: tuple[str, ...]
    agent_bodies: tuple[str, ...]
    agent_drift: str
    agent_sign_offs: tuple[str, ...]
    topics: Mapping[str, str]


LANGUAGES: Mapping[str, Language] = {
    "es": Language(
        greetings=("Hola,", "Buenos días,", "Buenas tardes,"),
        openings=(
            "Tengo un problema con {topic}.",
            "Necesito ayuda con {topic}, por favor.",
            "Les escribo por {topic}. Nadie me ha contestado todavía.",
        ),
        order_line="El número de pedido es {order}.",
        drift=(
            "Después de actualizar al firmware 4.2 mi Hub X2 no empareja ningún dispositivo y "
            "la app muestra el error E-42.",
        ),
        subjects=("Problema con {topic}", "Ayuda por favor", "Consulta"),
        drift_subject="Hub X2 no funciona tras firmware 4.2",
        sign_offs=("Gracias,\n{first}", "Saludos,\n{name}", "Un saludo"),
        follow_ups=("Sigue sin funcionar.", "Gracias, ya está resuelto."),
        agent_greetings=("Hola {first}:", "Estimado/a {name}:"),
        agent_bodies=(
            "Gracias por contactar con Northwind Devices. Hemos revisado su caso y lo "
            "hemos resuelto. Recibirá un correo de confirmación.",
            "Lamentamos las molestias. Hemos enviado su caso a nuestro equipo "
            "especializado, que le responderá en 48 horas.",
        ),
        agent_drift="Conocemos un problema con el firmware 4.2 en algunos Hub X2. Ponga el hub en "
        "modo de recuperación y vuelva a emparejar sus dispositivos.",
        agent_sign_offs=("Un saludo,\n{agent_first}", "Atentamente,\n{agent}"),
        topics={
            "billing": "un cobro duplicado",
            "shipping": "el envío de mi pedido",
            "returns": "la devolución de mi {product}",
            "account_access": "el acceso a mi cuenta",
            "technical_issue": "mi {product}, que no funciona bien",
            "subscription": "mi suscripción Northwind Plus",
            "warranty": "la garantía de mi {product}",
            "product_question": "el {product}",
            "security": "un acceso sospechoso a mi cuenta",
            "legal": "mis datos personales",
            "feedback": "la app de Northwind",
        },
    ),
    "de": Language(
        greetings=("Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,"),
        openings=(
            "Ich habe ein Problem mit {topic}.",
            "Ich brauche Hilfe bei {topic}.",
            "Ich schreibe wegen {topic}. Bisher hat sich niemand gemeldet.",
        ),
        order_line="Die Bestellnummer ist {order}.",
        drift=(
            "Seit dem Update auf Firmware 4.2 lässt sich mit meinem Hub X2 kein Gerät mehr "
            "koppeln. Die App zeigt Fehler E-42.",
        ),
        subjects=("Problem mit {topic}", "Bitte um Hilfe", "Anfrage"),
        drift_subject="Hub X2 nach Firmware 4.2 defekt",
        sign_offs=("Danke,\n{first}", "Viele Grüße,\n{name}", "Mit freundlichen Grüßen\n{name}"),
        follow_ups=("Es funktioniert immer noch nicht.", "Danke, hat geklappt."),
        agent_greetings=("Hallo {first},", "Sehr geehrte/r {name},"),
        agent_bodies=(
            "vielen Dank für Ihre Nachricht. Wir haben Ihr Anliegen geprüft und "
            "erledigt. Sie erhalten eine Bestätigung per E-Mail.",
            "es tut uns leid. Wir haben Ihren Fall an unser Fachteam weitergeleitet, "
            "das sich innerhalb von 48 Stunden meldet.",
        ),
        agent_drift="wir kennen ein Problem mit Firmware 4.2 auf einigen Hub X2. Bitte starten "
        "Sie den Hub im Wiederherstellungsmodus und koppeln Sie Ihre Geräte neu.",
        agent_sign_offs=("Viele Grüße,\n{agent_first}", "Mit freundlichen Grüßen\n{agent}"),
        topics={
            "billing": "einer doppelten Abbuchung",
            "shipping": "meiner Lieferung",
            "returns": "der Rücksendung meines {product}",
            "account_access": "meinem Konto",
            "technical_issue": "meinem {product}",
            "subscription": "meinem Northwind Plus Abo",
            "warranty": "der Garantie für mein {product}",
            "product_question": "dem {product}",
            "security": "einer verdächtigen Anmeldung",
            "legal": "meinen persönlichen Daten",
            "feedback": "der Northwind App",
        },
    ),
    "fr": Language(
        greetings=("Bonjour,", "Bonsoir,", "Madame, Monsieur,"),
        openings=(
            "J'ai un problème avec {topic}.",
            "J'ai besoin d'aide pour {topic}.",
            "Je vous écris au sujet de {topic}. Personne ne m'a répondu.",
        ),
        order_line="Le numéro de commande est {order}.",
        drift=(
            "Depuis la mise à jour du firmware 4.2, mon Hub X2 ne s'appaire plus avec aucun "
            "appareil. L'application affiche l'erreur E-42.",
        ),
        subjects=("Problème avec {topic}", "Besoin d'aide", "Question"),
        drift_subject="Hub X2 bloqué après le firmware 4.2",
        sign_offs=("Merci,\n{first}", "Cordialement,\n{name}", "Bonne journée"),
        follow_ups=("Ça ne marche toujours pas.", "Merci, c'est réglé."),
        agent_greetings=("Bonjour {first},", "Madame, Monsieur,"),
        agent_bodies=(
            "Merci d'avoir contacté Northwind Devices. Nous avons traité votre demande. "
            "Vous recevrez une confirmation par e-mail.",
            "Nous sommes désolés pour la gêne occasionnée. Votre dossier a été transmis "
            "à notre équipe spécialisée, qui vous répondra sous 48 heures.",
        ),
        agent_drift="Nous connaissons un problème avec le firmware 4.2 sur certains Hub X2. Mettez "
        "le hub en mode de récupération puis appairez à nouveau vos appareils.",
        agent_sign_offs=("Cordialement,\n{agent_first}", "Bien à vous,\n{agent}"),
        topics={
            "billing": "un double prélèvement",
            "shipping": "la livraison de ma commande",
            "returns": "le retour de mon {product}",
            "account_access": "l'accès à mon compte",
            "technical_issue": "mon {product}",
            "subscription": "mon abonnement Northwind Plus",
            "warranty": "la garantie de mon {product}",
            "product_question": "le {product}",
            "security": "une connexion suspecte",
            "legal": "mes données personnelles",
            "feedback": "l'application Northwind",
        },
    ),
}
#: Categories whose first message names an order.
ORDER_CATEGORIES = frozenset({"billing", "shipping", "returns", "warranty"})
