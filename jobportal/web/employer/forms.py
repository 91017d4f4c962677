"""Forms of the employer area. They collect raw values and limit lengths; the domain
(listing_data.clean, companies.update_profile) does the real validation."""

from datetime import timedelta

from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

from ... import listings
from ...core.clock import berlin_today
from ...core.formats import number_de
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...employers import COMPANY_SIZES
from ...employers import DESCRIPTION_MAX as COMPANY_DESCRIPTION_MAX
from ...models.jobs import EMPLOYMENT_TYPES, SALARY_UNITS, SECTORS, WORKING_MODELS

CHOOSE = SelectChoice("", _l("Bitte wählen"))


def _choices(labels: dict, empty: bool = False) -> list[SelectChoice]:
    """Select choices from a dict of value -> German label."""
    return ([CHOOSE] if empty else []) + [SelectChoice(k, v) for k, v in labels.items()]


class Mandatory:
    """Marks a field as required in the page (label, `required` attribute); the domain
    checks the value and words the message."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        """No check here: listing_data.clean / companies.update_profile decide."""


def _max(limit: int) -> Length:
    """A length limit with a German message."""
    return Length(
        max=limit,
        message=LazyString(
            lambda: _("Bitte höchstens %(n)s Zeichen eingeben.", n=number_de(limit))
        ),
    )


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a fieldset (rendered by macros.field)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DateStringField(StringField):
    """A date input whose value stays a string; the domain parses and checks it."""

    widget = DateInput()


class DomainErrorsMixin:
    """Forms whose values the domain validates: its messages are shown on the fields."""

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Attach domain errors to the fields (fields with form errors keep theirs)."""
        for key, messages in errors.items():
            target = self._fields.get(key)
            if target is None:
                self.form_errors.extend(messages)
            elif not target.errors:
                target.errors = list(messages)


class JobForm(DomainErrorsMixin, FlaskForm):
    """The vacancy form: same keys as the JSON import (see docs/import-format.md)."""

    title = StringField(_l("Titel der Stelle"), validators=[Mandatory(), _max(listings.TITLE_MAX)])
    intro = TextAreaField(_l("Einleitung"), validators=[_max(listings.SECTION_MAX)])
    tasks = TextAreaField(_l("Ihre Aufgaben"), validators=[_max(listings.SECTION_MAX)])
    profile = TextAreaField(_l("Ihr Profil"), validators=[_max(listings.SECTION_MAX)])
    benefits = TextAreaField(_l("Wir bieten"), validators=[_max(listings.SECTION_MAX)])
    how_to_apply = TextAreaField(
        _l("Hinweise zur Bewerbung"), validators=[_max(listings.SECTION_MAX)]
    )
    # a description written in Markdown (older listings, imports): kept while no section
    # field is filled
    description = TextAreaField(
        _l("Bisherige Beschreibung (Markdown)"), validators=[_max(listings.DESCRIPTION_MAX)]
    )
    postal_code = StringField(_l("Postleitzahl des Arbeitsorts"), validators=[Mandatory(), _max(5)])
    locality = StringField(_l("Ort"), validators=[_max(listings.LOCALITY_MAX)])
    street = StringField(
        _l("Straße und Hausnummer (optional)"), validators=[_max(listings.STREET_MAX)]
    )
    employment_types = MultiCheckboxField(
        _l("Anstellungsart"), choices=_choices(EMPLOYMENT_TYPES), validate_choice=False
    )
    working_model = RadioField(
        _l("Arbeitsmodell"),
        choices=_choices(WORKING_MODELS),
        default="vor_ort",
        validate_choice=False,
    )
    sector = SelectField(
        _l("Branche"),
        choices=_choices(SECTORS, empty=True),
        validate_choice=False,
        validators=[Mandatory()],
    )
    salary_min = StringField(_l("Gehalt von (Euro, optional)"), validators=[_max(15)])
    salary_max = StringField(_l("Gehalt bis (Euro, optional)"), validators=[_max(15)])
    salary_unit = SelectField(
        _l("Gehalt pro"), choices=_choices(SALARY_UNITS), default="month", validate_choice=False
    )
    start_mode = RadioField(
        _l("Beginn"),
        choices=_choices({"sofort": "ab sofort", "datum": "ab Datum"}),
        default="sofort",
        validate_choice=False,
    )
    start_date = DateStringField(_l("Beginn am"), validators=[_max(10)])
    apply_url = URLField(_l("Link zur Online-Bewerbung"), validators=[_max(listings.URL_MAX)])
    apply_email = EmailField(
        _l("E-Mail-Adresse für Bewerbungen"), validators=[_max(listings.EMAIL_MAX)]
    )
    apply_contact = StringField(_l("Ansprechperson"), validators=[_max(listings.CONTACT_MAX)])
    apply_phone = TelField(_l("Telefon der Ansprechperson"), validators=[_max(listings.PHONE_MAX)])
    english_ok = BooleanField(_l("Englischsprachiger Arbeitsplatz"))
    ends_on = DateStringField(
        _l("Veröffentlichen bis"),
        default=lambda: (berlin_today() + timedelta(days=listings.DEFAULT_DAYS)).isoformat(),
        validators=[_max(10)],
    )

    RAW_FIELDS = (
        "title",
        "description",
        "postal_code",
        "locality",
        "street",
        "employment_types",
        "working_model",
        "sector",
        "salary_min",
        "salary_max",
        "salary_unit",
        "start_mode",
        "start_date",
        "apply_url",
        "apply_email",
        "apply_contact",
        "apply_phone",
        "english_ok",
        "ends_on",
    )

    def raw(self) -> dict:
        """The entered values under the keys listing_data.clean expects; the sections,
        when filled, become the description."""
        values = {name: self[name].data for name in self.RAW_FIELDS}
        sections = {key: self[key].data for key in listings.SECTION_KEYS}
        if listings.has_sections(sections):
            values["description"] = listings.compose_description(sections)
        return values

    def fill_sections(self) -> None:
        """Show a description written in sections in the section fields."""
        sections = listings.split_description(self.description.data)
        if sections is not None:
            for key, value in sections.items():
                self[key].data = value
            self.description.data = ""

    @property
    def shows_markdown(self) -> bool:
        """Whether the free Markdown description is shown (an older listing's text)."""
        return bool((self.description.data or "").strip())

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Description problems show on the introduction unless Markdown is shown."""
        if "description" in errors and not self.shows_markdown:
            errors = {**errors}
            errors["intro"] = errors.pop("description")
        super().add_errors(errors)


class CompanyForm(DomainErrorsMixin, FlaskForm):
    """The company profile."""

    name = StringField(_l("Name des Unternehmens"), validators=[Mandatory(), _max(200)])
    street = StringField(_l("Straße und Hausnummer"), validators=[_max(200)])
    postal_code = StringField(_l("Postleitzahl"), validators=[Mandatory(), _max(5)])
    locality = StringField(_l("Ort"), validators=[_max(120)])
    sector = SelectField(
        _l("Branche"), choices=_choices(SECTORS, empty=True), validate_choice=False
    )
    size = SelectField(
        _l("Größe"), choices=_choices(COMPANY_SIZES, empty=True), validate_choice=False
    )
    description = TextAreaField(
        _l("Beschreibung (Markdown)"), validators=[_max(COMPANY_DESCRIPTION_MAX)]
    )
    website = URLField(_l("Website"), validators=[_max(300)])
    contact_name = StringField(_l("Ansprechperson"), validators=[_max(120)])
    contact_email = EmailField(_l("E-Mail-Adresse"), validators=[_max(254)])
    contact_phone = TelField(_l("Telefon"), validators=[_max(60)])


class InviteForm(FlaskForm):
    """Invite a colleague by e-mail."""

    email = EmailField(
        _l("E-Mail-Adresse der Kollegin oder des Kollegen"),
        validators=[DataRequired(message=_l("Bitte geben Sie eine E-Mail-Adresse an.")), _max(254)],
    )
