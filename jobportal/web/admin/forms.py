"""Forms of the network admin area (German labels and messages)."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Optional,
    Regexp,
    ValidationError,
)

from ...admin import NAME_MAX, REASON_MAX
from ...core.translation import lazy_gettext as _l
from ...places import STATE_NAMES
from ..moderation.forms import max_length, to_int

KINDS = {"municipality": _l("Stadt oder Gemeinde"), "district": _l("Landkreis")}
PLACES_MAX = 5000
INVALID_DATE = _l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")


class GermanDateField(DateField):
    """A date field that accepts ISO (browser date input) and German dates, German error."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist):
        """Parse the date; replace WTForms' English message with a German one."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(INVALID_DATE) from None


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes (rendered as a fieldset by the form macro)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form) -> None:
        """Only offered values, with a German message."""
        offered = {choice.value for choice in self.choices}
        if any(value not in offered for value in self.data or ()):
            raise ValidationError(_l("Bitte wählen Sie nur Einträge aus der Liste."))


class MemberForm(FlaskForm):
    """A new member municipality or district."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Bitte geben Sie den Namen an.")), max_length(200)],
    )
    kind = SelectField(
        _l("Art"),
        choices=[SelectChoice(key, label) for key, label in KINDS.items()],
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Bitte wählen Sie die Art.")),
            AnyOf(list(KINDS), message=_l("Bitte wählen Sie einen Eintrag aus der Liste.")),
        ],
    )
    ags = StringField(
        _l("Amtlicher Gemeindeschlüssel (AGS)"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie den AGS an.")),
            Regexp(r"^\d{5}(\d{3})?$", message=_l("Der AGS hat 8 Ziffern (Landkreise: 5).")),
        ],
    )
    joined_on = GermanDateField(_l("Beitritt am"), validators=[InputRequired(message=INVALID_DATE)])
    state = SelectField(
        _l("Bundesland"),
        choices=[SelectChoice(code, name) for code, name in STATE_NAMES.items()],
        default="SN",
        validate_choice=False,
        validators=[AnyOf(list(STATE_NAMES), message=_l("Bitte wählen Sie ein Bundesland."))],
    )
    places = TextAreaField(
        _l("Orte und Postleitzahlen"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie mindestens einen Ort an.")),
            max_length(PLACES_MAX),
        ],
    )


class LeaveForm(FlaskForm):
    """Record the day a member leaves the network."""

    left_on = GermanDateField(_l("Austritt am"), validators=[InputRequired(message=INVALID_DATE)])


class PromoterForm(FlaskForm):
    """A new promoter account."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie die E-Mail-Adresse an.")),
            max_length(254),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."),
                check_deliverability=False,
            ),
        ],
    )
    name = StringField(_l("Name"), validators=[Optional(), max_length(NAME_MAX)])
    members = MultiCheckboxField(_l("Gemeinden"), coerce=to_int)


class PromoterMembersForm(FlaskForm):
    """The municipalities a promoter moderates."""

    members = MultiCheckboxField(_l("Gemeinden"), coerce=to_int)


class LockForm(FlaskForm):
    """Lock or unlock an account, with an optional comment."""

    reason = StringField(
        _l("Begründung (optional)"), validators=[Optional(), max_length(REASON_MAX)]
    )
