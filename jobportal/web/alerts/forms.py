"""Forms of the alerts area (German labels and messages)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from ...alerts import NAME_MAX
from ...core.translation import lazy_gettext as _l
from ...listings import MAX_Q, MAX_WHERE, RADII
from ...models.alerts import FREQUENCIES

PARAMS_MAX = 4000


def _strip(value):
    """Filter: surrounding whitespace is never meant."""
    return value.strip() if isinstance(value, str) else value


def _frequency():
    """Daily or weekly."""
    return RadioField(
        _l("Wie oft?"),
        choices=[SelectChoice(key, label) for key, label in FREQUENCIES.items()],
        default="daily",
        validators=[DataRequired(message=_l("Bitte wählen Sie täglich oder wöchentlich."))],
    )


def _name():
    """The alert's name (optional: a name is made from the search)."""
    return StringField(
        _l("Name des Suchauftrags"),
        filters=[_strip],
        validators=[Optional(), Length(max=NAME_MAX, message=_l("Der Name ist zu lang."))],
    )


class SaveSearchForm(FlaskForm):
    """Save a search as an e-mail alert."""

    params = HiddenField(validators=[Length(max=PARAMS_MAX)])
    name = _name()
    frequency = _frequency()
    email = EmailField(
        _l("Ihre E-Mail-Adresse"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang.")),
            Email(
                message=_l(
                    "Bitte geben Sie eine gültige E-Mail-Adresse an (z. B. name@beispiel.de)."
                ),
                check_deliverability=False,
            ),
        ],
    )
    consent = BooleanField(_l("Ja, ich möchte diese E-Mails erhalten (Einwilligung, siehe oben)."))
    # Honeypot: hidden from people (CSS), bots fill it in (routes.new creates nothing then).
    website = StringField(_l("Website (bitte leer lassen)"), validators=[Length(max=200)])


class EditAlertForm(FlaskForm):
    """Change an alert: name, frequency and the main search values."""

    name = _name()
    frequency = _frequency()
    q = StringField(
        _l("Suchbegriffe"),
        filters=[_strip],
        validators=[Length(max=MAX_Q, message=_l("Die Suche ist zu lang."))],
    )
    where = StringField(
        _l("Ort oder Postleitzahl"),
        filters=[_strip],
        validators=[Length(max=MAX_WHERE, message=_l("Der Ort ist zu lang."))],
    )
    radius_km = SelectField(
        _l("Umkreis"), choices=[SelectChoice(str(r), f"{r} km") for r in RADII], default="25"
    )
