"""Forms of the privacy area (German labels and messages)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length

from ...accounts import PASSWORD_MAX_LENGTH
from ...core.translation import lazy_gettext as _l


class DeleteAccountForm(FlaskForm):
    """Delete the own account: the password again and an explicit confirmation."""

    password = PasswordField(
        _l("Ihr Passwort"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie Ihr Passwort an.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("Das Passwort ist zu lang.")),
        ],
    )
    confirm = BooleanField(
        _l("Ich möchte mein Konto und alle meine Daten endgültig löschen."),
        validators=[DataRequired(message=_l("Bitte bestätigen Sie die Löschung."))],
    )
