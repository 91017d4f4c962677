"""Forms of the events area: the organiser's event form, guest registration, cancelling."""

from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from ...core.translation import lazy_gettext as _l
from ...events import CAPACITY_MAX, DESCRIPTION_MAX, NAME_MAX, TITLE_MAX, VENUE_MAX
from ...models import EVENT_KINDS
from ..admin.forms import MultiCheckboxField
from ..moderation.forms import CHOOSE, max_length, to_int

INVALID_TIME = _l("Bitte geben Sie Datum und Uhrzeit an (TT.MM.JJJJ, HH:MM).")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BerlinDateTimeField(DateTimeLocalField):
    """A datetime-local input (Europe/Berlin wall-clock time), German error message."""

    def __init__(self, label=None, validators=None, **kwargs):
        formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M"]
        super().__init__(label, validators, format=formats, **kwargs)

    def process_formdata(self, valuelist):
        """Parse; replace WTForms' English message with a German one."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(INVALID_TIME) from None


def _required(label):
    return [DataRequired(message=_l("Bitte füllen Sie „%(label)s“ aus.", label=label))]


class EventForm(FlaskForm):
    """Create or edit an event."""

    kind = SelectField(
        _l("Art der Veranstaltung"),
        choices=[CHOOSE, *(SelectChoice(k, v) for k, v in EVENT_KINDS.items())],
        validators=[InputRequired(message=_l("Bitte wählen Sie die Art der Veranstaltung."))],
        validate_choice=False,
    )
    title = StringField(
        _l("Titel"), filters=[_strip], validators=[*_required(_l("Titel")), max_length(TITLE_MAX)]
    )
    starts = BerlinDateTimeField(_l("Beginn"), validators=[InputRequired(message=INVALID_TIME)])
    ends = BerlinDateTimeField(_l("Ende"), validators=[InputRequired(message=INVALID_TIME)])
    member_id = SelectField(
        _l("Mitgliedskommune"),
        coerce=to_int,
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Mitgliedskommune."))],
        validate_choice=False,
    )
    venue = StringField(
        _l("Veranstaltungsort"),
        filters=[_strip],
        validators=[*_required(_l("Veranstaltungsort")), max_length(VENUE_MAX)],
    )
    street = StringField(
        _l("Straße und Hausnummer"),
        filters=[_strip],
        validators=[*_required(_l("Straße und Hausnummer")), max_length(VENUE_MAX)],
    )
    postal_code = StringField(
        _l("Postleitzahl"),
        filters=[_strip],
        validators=[*_required(_l("Postleitzahl")), max_length(5)],
    )
    locality = StringField(_l("Ort"), filters=[_strip], validators=[max_length(120)])
    description = TextAreaField(
        _l("Beschreibung"),
        validators=[*_required(_l("Beschreibung")), max_length(DESCRIPTION_MAX)],
    )
    capacity = IntegerField(
        _l("Plätze (optional)"),
        validators=[
            Optional(),
            NumberRange(1, CAPACITY_MAX, _l("Bitte eine Zahl ab 1 angeben oder leer lassen.")),
        ],
    )
    exhibitors = MultiCheckboxField(_l("Aussteller"), coerce=to_int)
    title_en = StringField(
        _l("Titel auf Englisch (optional)"), filters=[_strip], validators=[max_length(TITLE_MAX)]
    )
    description_en = TextAreaField(
        _l("Beschreibung auf Englisch (optional)"), validators=[max_length(DESCRIPTION_MAX)]
    )


class GuestForm(FlaskForm):
    """A guest registers with name and address (confirmed by the link in a mail)."""

    name = StringField(
        _l("Ihr Name"),
        filters=[_strip],
        validators=[*_required(_l("Ihr Name")), max_length(NAME_MAX)],
    )
    email = EmailField(
        _l("Ihre E-Mail-Adresse"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
            Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang.")),
            Email(
                message=_l(
                    "Bitte geben Sie eine gültige E-Mail-Adresse an (z. B. name@beispiel.de)."
                ),
                check_deliverability=False,
            ),
        ],
    )
    # Honeypot: hidden from people (CSS), bots fill it in (nothing is registered then).
    website = StringField(_l("Website (bitte leer lassen)"), validators=[Length(max=200)])


class CancelEventForm(FlaskForm):
    """Call an event off, with an optional reason for the mail to the registered."""

    reason = TextAreaField(_l("Grund (optional, steht in der Mail)"), validators=[max_length(2000)])


class ButtonForm(FlaskForm):
    """A form that is only a button (CSRF token)."""
