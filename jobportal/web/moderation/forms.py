"""Forms of the moderation area and the public abuse report form (German labels and errors)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ...core.translation import lazy_gettext as _l
from ...moderation import NOTE_MAX, REASON_MAX, REJECT_REASONS, REPORT_REASONS, REPORT_TEXT_MAX

CHOOSE = SelectChoice("", _l("Bitte wählen"))
INVALID_CHOICE = _l("Bitte wählen Sie einen Eintrag aus der Liste.")


def to_int(value) -> int | None:
    """Coerce a select value to int; None for garbage (reported as an invalid choice)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def max_length(limit: int) -> Length:
    """A Length validator with a German message."""
    return Length(max=limit, message=_l("Bitte höchstens %(n)s Zeichen eingeben.", n=limit))


def reason_select(label: str, reasons: dict) -> SelectField:
    """A required select of fixed reason keys with German errors."""
    return SelectField(
        label,
        choices=[CHOOSE, *(SelectChoice(key, label) for key, label in reasons.items())],
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Bitte wählen Sie einen Grund.")),
            AnyOf(list(reasons), message=INVALID_CHOICE),
        ],
    )


class PrefixedForm(FlaskForm):
    """A form shown beside others on one page (``prefix=`` keeps their fields apart).

    Its CSRF token keeps the plain name ``csrf_token`` (only its id carries the prefix),
    so scanners and proxies recognise it like every other form's token.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Bind as usual, but the CSRF field keeps its unprefixed name."""
            if options.get("prefix") and options["name"] == self.csrf_field_name:
                options = {**options, "id": options["prefix"] + options["name"], "prefix": ""}
            return super().bind_field(form, unbound_field, options)


class ActionForm(PrefixedForm):
    """A button-only action (approve, verify): CSRF token only."""


class RejectForm(PrefixedForm):
    """Reject a listing: reason from the list plus free text."""

    reason = reason_select(_l("Ablehnungsgrund"), REJECT_REASONS)
    text = TextAreaField(
        _l("Erläuterung für den Arbeitgeber"),
        validators=[Optional(), max_length(REASON_MAX)],
    )

    def validate(self, extra_validators=None) -> bool:
        """'Sonstiges' needs an explanation."""
        valid = super().validate(extra_validators)
        if valid and self.reason.data == "other" and not (self.text.data or "").strip():
            self.text.errors.append(_l("Bitte erläutern Sie den Grund „Sonstiges“."))
            return False
        return valid


class ReasonForm(PrefixedForm):
    """An action that needs a written reason (unpublish, ban)."""

    reason = TextAreaField(
        _l("Begründung"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie eine Begründung an.")),
            max_length(REASON_MAX),
        ],
    )


class OptionalReasonForm(PrefixedForm):
    """An action with an optional comment (unban)."""

    reason = TextAreaField(
        _l("Begründung (optional)"),
        validators=[Optional(), max_length(REASON_MAX)],
    )


class NoteForm(PrefixedForm):
    """An internal note, never shown to employers."""

    text = TextAreaField(
        _l("Interne Notiz"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie einen Text ein.")),
            max_length(NOTE_MAX),
        ],
    )


class CloseReportForm(PrefixedForm):
    """Close an abuse report, optionally unpublishing the listing."""

    resolution = TextAreaField(
        _l("Ergebnis der Prüfung (optional)"),
        validators=[Optional(), max_length(REASON_MAX)],
    )
    unpublish = BooleanField(_l("Anzeige zurücknehmen"))
    unpublish_reason = TextAreaField(
        _l("Begründung für die Rücknahme"),
        validators=[Optional(), max_length(REASON_MAX)],
    )

    def validate(self, extra_validators=None) -> bool:
        """Unpublishing needs a reason."""
        valid = super().validate(extra_validators)
        if valid and self.unpublish.data and not (self.unpublish_reason.data or "").strip():
            self.unpublish_reason.errors.append(
                _l("Bitte begründen Sie die Rücknahme der Anzeige.")
            )
            return False
        return valid


class ReportForm(FlaskForm):
    """A visitor's report on a listing; `website` is a honeypot left empty by people."""

    reason = reason_select(_l("Grund der Meldung"), REPORT_REASONS)
    text = TextAreaField(
        _l("Beschreibung (optional)"),
        validators=[Optional(), max_length(REPORT_TEXT_MAX)],
    )
    website = StringField(_l("Website (bitte leer lassen)"), validators=[max_length(200)])


class ImportForm(FlaskForm):
    """Promoter upload of a bulk import file for one company."""

    company = SelectField(
        _l("Unternehmen"),
        coerce=to_int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Bitte wählen Sie ein Unternehmen."))],
    )
    file = FileField(
        _l("JSON-Datei"), validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei aus."))]
    )
    publish = BooleanField(_l("direkt veröffentlichen"))

    def validate_company(self, field) -> None:
        """Only companies offered in the list (the promoter's members)."""
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(INVALID_CHOICE)
