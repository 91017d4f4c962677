"""Forms of the returnee area, the municipality pages and the talent pool.

They collect raw values and limit lengths; the domain modules check the rest.
"""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    MonthField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...models.jobs import EMPLOYMENT_TYPES, SECTORS, WORKING_MODELS
from ...places import MAX_COMMUTE_KM, MIN_COMMUTE_KM
from ...returnees import (
    COUNTRY_MAX,
    EMAIL_MAX,
    INTRO_MAX,
    LINE_MAX,
    MESSAGE_MAX,
    MINUTES_MAX,
    NAME_MAX,
    NEEDS,
    PHONE_MAX,
    SECTION_MAX,
    SECTIONS,
    URL_MAX,
    VISIBILITY_LABELS,
    WORK_TEXT_MAX,
)
from ..admin.forms import MultiCheckboxField  # checkboxes with a German choice message

PLACE_MAX = 120
TOO_LONG = _l("Bitte höchstens %(max)d Zeichen eingeben.")


def _choices(labels: dict, empty: str | None = None) -> list[SelectChoice]:
    """Select choices from a dict of value -> German label (optionally an empty first)."""
    first = [SelectChoice("", empty)] if empty is not None else []
    return first + [SelectChoice(key, label) for key, label in labels.items()]


def _place(label: str) -> StringField:
    return StringField(label, validators=[Length(max=PLACE_MAX, message=TOO_LONG)])


class ProfileForm(FlaskForm):
    """The returnee profile."""

    home_1 = _place(_l("Wunschwohnort 1 (Ort oder Postleitzahl)"))
    home_2 = _place(_l("Wunschwohnort 2 (optional)"))
    home_3 = _place(_l("Wunschwohnort 3 (optional)"))
    commute_km = IntegerField(
        _l("So weit würde ich pendeln (km Luftlinie)"),
        default=30,
        validators=[
            InputRequired(_l("Bitte geben Sie an, wie weit Sie pendeln würden.")),
            NumberRange(
                MIN_COMMUTE_KM,
                MAX_COMMUTE_KM,
                _l("Bitte eine Zahl von %(min)s bis %(max)s eingeben."),
            ),
        ],
    )
    current_place = _place(_l("Aktueller Wohnort in Deutschland (Ort oder Postleitzahl)"))
    abroad_country = StringField(
        _l("Oder: Ich wohne im Ausland, und zwar in (Land)"),
        validators=[Length(max=COUNTRY_MAX, message=TOO_LONG)],
    )
    origin_member = SelectField(_l("Ich komme ursprünglich aus"), coerce=int, default=0)
    work_text = TextAreaField(
        _l("Welche Arbeit suchen Sie? (Berufe oder Stichworte, durch Komma getrennt)"),
        validators=[Length(max=WORK_TEXT_MAX, message=TOO_LONG)],
    )
    sector = SelectField(
        _l("Berufsfeld"), choices=_choices(SECTORS, _l("– keine Angabe –")), default=""
    )
    partner_work_text = TextAreaField(
        _l("Welche Arbeit sucht Ihre Partnerin oder Ihr Partner? (optional)"),
        validators=[Length(max=WORK_TEXT_MAX, message=TOO_LONG)],
    )
    partner_commute_km = IntegerField(
        _l("So weit würde sie oder er pendeln (km Luftlinie)"),
        validators=[
            Optional(),
            NumberRange(
                MIN_COMMUTE_KM,
                MAX_COMMUTE_KM,
                _l("Bitte eine Zahl von %(min)s bis %(max)s eingeben."),
            ),
        ],
    )
    employment_types = MultiCheckboxField(_l("Anstellungsart"), choices=_choices(EMPLOYMENT_TYPES))
    working_models = MultiCheckboxField(_l("Arbeitsmodell"), choices=_choices(WORKING_MODELS))
    return_month = MonthField(
        _l("Frühester Rückkehrmonat"),
        validators=[Optional()],
        format="%Y-%m",
    )
    needs = MultiCheckboxField(_l("Was braucht Ihr Haushalt?"), choices=_choices(NEEDS))
    visibility = RadioField(
        _l("Wer darf Ihr Profil sehen?"),
        choices=_choices(VISIBILITY_LABELS),
        default="private",
        validators=[InputRequired(_l("Bitte wählen Sie, wer Ihr Profil sehen darf."))],
    )

    def set_members(self, members) -> None:
        """Offer the active members as places of origin."""
        first = [SelectChoice(0, _("– keine Angabe –"))]
        self.origin_member.choices = first + [SelectChoice(m.id, m.name) for m in members]


class ReplyForm(FlaskForm):
    """The returnee's answer to a contact request."""

    reply = TextAreaField(
        _l("Ihre Antwort"),
        validators=[
            InputRequired(_l("Bitte schreiben Sie eine Antwort.")),
            Length(max=MESSAGE_MAX, message=TOO_LONG),
        ],
    )


class ContactForm(FlaskForm):
    """A contact request from the talent pool."""

    message = TextAreaField(
        _l("Ihre Nachricht"),
        validators=[
            InputRequired(_l("Bitte schreiben Sie eine Nachricht.")),
            Length(max=MESSAGE_MAX, message=TOO_LONG),
        ],
    )


class PoolSearchForm(FlaskForm):
    """Talent-pool search (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Tätigkeit oder Stichwort"), validators=[Length(max=100, message=TOO_LONG)])
    member = SelectField(_l("Würde pendeln nach"), coerce=str, default="")


def _section(label: str) -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=SECTION_MAX, message=TOO_LONG)])


class MemberPageForm(FlaskForm):
    """The texts of a member's public page (Markdown, each with an optional English
    version `<field>_en`), the housing company, the trip to the nearest city and the
    promoter's consent to be shown as contact person."""

    intro = TextAreaField(_l("Einleitung"), validators=[Length(max=INTRO_MAX, message=TOO_LONG)])
    intro_en = TextAreaField(
        _l("Einleitung (Englisch, optional)"),
        validators=[Length(max=INTRO_MAX, message=TOO_LONG)],
    )
    housing_company = StringField(
        _l("Kommunale Wohnungsgesellschaft"),
        validators=[Length(max=LINE_MAX, message=TOO_LONG)],
    )
    housing_url = StringField(
        _l("Website der Wohnungsgesellschaft"),
        validators=[Length(max=URL_MAX, message=TOO_LONG)],
    )
    transit_city = StringField(
        _l("Nächste größere Stadt"), validators=[Length(max=LINE_MAX, message=TOO_LONG)]
    )
    transit_mode = StringField(
        _l("Verbindung (z. B. S-Bahn S8, Buslinie 261)"),
        validators=[Length(max=LINE_MAX, message=TOO_LONG)],
    )
    transit_minutes = IntegerField(
        _l("Fahrzeit in Minuten"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MINUTES_MAX, message=_l("Bitte 1 bis %(max)s Minuten angeben.")),
        ],
    )
    show_me = BooleanField(_l("Mich als Ansprechperson auf den Seiten meiner Kommunen zeigen"))
    phone = TelField(
        _l("Telefon für Rückkehrer (optional)"),
        validators=[Length(max=PHONE_MAX, message=TOO_LONG)],
    )


SECTION_LABELS = {
    "living": _l("Leben"),
    "housing": _l("Wohnen"),
    "childcare": _l("Kita und Schule"),
    "transport": _l("Bus und Bahn"),
    "leisure": _l("Freizeit"),
    "support": _l("Rückkehrberatung"),
}
for _key in SECTIONS:
    setattr(MemberPageForm, _key, _section(SECTION_LABELS[_key]))
    setattr(
        MemberPageForm,
        f"{_key}_en",
        _section(_l("%(s)s (Englisch, optional)", s=SECTION_LABELS[_key])),
    )

PAGE_FIELDS = (
    *SECTIONS,
    *(f"{key}_en" for key in SECTIONS),
    "housing_company",
    "housing_url",
    "transit_city",
    "transit_mode",
    "transit_minutes",
)


class MemberContactForm(FlaskForm):
    """A visitor's message to a member's contact person; `website` is a honeypot."""

    contact = SelectField(_l("An"), coerce=int, validate_choice=False)
    name = StringField(
        _l("Ihr Name"),
        validators=[InputRequired(_l("Bitte geben Sie Ihren Namen an.")), Length(max=NAME_MAX)],
    )
    email = StringField(
        _l("Ihre E-Mail-Adresse"),
        validators=[
            InputRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
            Length(max=EMAIL_MAX),
        ],
    )
    message = TextAreaField(
        _l("Ihre Nachricht"),
        validators=[InputRequired(_l("Bitte schreiben Sie eine Nachricht.")), Length(max=3000)],
    )
    website = StringField(_l("Website (bitte leer lassen)"), validators=[Length(max=200)])
