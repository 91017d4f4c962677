"""Forms of the auth area (German labels and messages)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from ...accounts import (
    EMAIL_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PasswordPolicyError,
    validate_new_password,
)
from ...core.translation import lazy_gettext as _l

NAME_MAX_LENGTH = 120
COMPANY_MAX_LENGTH = 200


def _strip(value):
    """Filter: surrounding whitespace is never meant."""
    return value.strip() if isinstance(value, str) else value


def _required(what):
    """DataRequired with a German message naming the field."""
    return DataRequired(message=_l("Bitte geben Sie %(what)s an.", what=what))


def _email_validators():
    """Validators of an e-mail address field (syntax only, no DNS lookup)."""
    return [
        _required(_l("Ihre E-Mail-Adresse")),
        Length(max=EMAIL_MAX_LENGTH, message=_l("Die E-Mail-Adresse ist zu lang.")),
        Email(
            message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an (z. B. name@beispiel.de)."),
            check_deliverability=False,
        ),
    ]


def _password_length():
    """Length limit of any password field (keeps hashing cheap)."""
    return Length(max=PASSWORD_MAX_LENGTH, message=_l("Das Passwort ist zu lang."))


def new_password_rules(form, field):
    """WTForms validator delegating to accounts.validate_new_password."""
    try:
        validate_new_password(field.data or "")
    except PasswordPolicyError as exc:
        raise ValidationError(exc.message) from None


def _new_password_field(label):
    """A new password field checked by the password rules."""
    return PasswordField(label, validators=[_required(_l("ein Passwort")), new_password_rules])


def _repeat_field():
    """The 'repeat password' field, equal to ``password``."""
    return PasswordField(
        _l("Passwort wiederholen"),
        validators=[
            _required(_l("das Passwort noch einmal")),
            _password_length(),
            EqualTo("password", message=_l("Die beiden Passwörter stimmen nicht überein.")),
        ],
    )


def _consent_field():
    """The required consent to the privacy statement."""
    return BooleanField(
        _l(
            "Ich habe die Datenschutzerklärung gelesen und bin mit der Verarbeitung meiner "
            "Daten einverstanden."
        ),
        validators=[DataRequired(message=_l("Bitte stimmen Sie der Datenschutzerklärung zu."))],
    )


def _int_or_none(value):
    """Coerce a select value to int; garbage becomes None (reported by the field's check)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _AccountFields(FlaskForm):
    """Fields every registration has."""

    name = StringField(
        _l("Ihr Name"),
        filters=[_strip],
        validators=[
            _required(_l("Ihren Namen")),
            Length(max=NAME_MAX_LENGTH, message=_l("Der Name ist zu lang.")),
        ],
    )
    email = EmailField(_l("E-Mail-Adresse"), validators=_email_validators(), filters=[_strip])
    password = _new_password_field(_l("Passwort"))
    password_repeat = _repeat_field()
    # Honeypot: hidden from people (CSS), bots fill it in (see routes._register).
    website = StringField(
        _l("Website (bitte leer lassen)"),
        validators=[Length(max=200, message=_l("Die Angabe ist zu lang."))],
    )


class RegisterForm(_AccountFields):
    """Registration of a job seeker."""

    consent = _consent_field()


class EmployerRegisterForm(_AccountFields):
    """Registration of an employer with its company."""

    company_name = StringField(
        _l("Name des Unternehmens"),
        filters=[_strip],
        validators=[
            _required(_l("den Namen des Unternehmens")),
            Length(max=COMPANY_MAX_LENGTH, message=_l("Der Name ist zu lang.")),
        ],
    )
    member_id = SelectField(
        _l("Mitgliedskommune (Sitz des Unternehmens)"),
        coerce=_int_or_none,
        validate_choice=False,
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Mitgliedskommune aus."))],
    )
    consent = _consent_field()

    def validate_member_id(self, field):
        """Only the offered member municipalities."""
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Bitte wählen Sie eine Mitgliedskommune aus."))


class LoginForm(FlaskForm):
    """Log in with e-mail address and password."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[_strip],
        validators=[
            _required(_l("Ihre E-Mail-Adresse")),
            Length(max=EMAIL_MAX_LENGTH, message=_l("Die E-Mail-Adresse ist zu lang.")),
        ],
    )
    password = PasswordField(
        _l("Passwort"), validators=[_required(_l("Ihr Passwort")), _password_length()]
    )
    remember = BooleanField(_l("Angemeldet bleiben"))


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link."""

    email = EmailField(_l("E-Mail-Adresse"), validators=_email_validators(), filters=[_strip])


class ResetPasswordForm(FlaskForm):
    """Choose a new password through a reset link."""

    password = _new_password_field(_l("Neues Passwort"))
    password_repeat = _repeat_field()


class ChangePasswordForm(FlaskForm):
    """Change the password while logged in."""

    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[_required(_l("Ihr aktuelles Passwort")), _password_length()],
    )
    password = _new_password_field(_l("Neues Passwort"))
    password_repeat = _repeat_field()


class ChangeEmailForm(FlaskForm):
    """Change the e-mail address (confirmed through the new address)."""

    password = PasswordField(
        _l("Ihr Passwort"), validators=[_required(_l("Ihr Passwort")), _password_length()]
    )
    email = EmailField(_l("Neue E-Mail-Adresse"), validators=_email_validators(), filters=[_strip])


class ActionForm(FlaskForm):
    """An empty form for POST-only buttons (CSRF token only)."""


class ConfirmPasswordForm(FlaskForm):
    """The password again before a sensitive action (re-authentication)."""

    password = PasswordField(
        _l("Ihr Passwort"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie Ihr Passwort an.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("Das Passwort ist zu lang.")),
        ],
    )
