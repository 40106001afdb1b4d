"""A form for an action that needs input (a registry ``Action`` with a ``Form``).

Two steps in one modal: edit (each field checked as typed, the message beside it,
review refused while a field is wrong), then review (the before/after, `y` applies).
The call runs in a worker through the action guard (read-only refusal, audit log); an
AWS error is shown as AWS said it and the form keeps the user's values.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from smtui.services.backend import Backend
from smtui.services.registry import Action, Form, FormProblem, Item
from smtui.ui.screens.reviewed_form import ReviewedForm


class FormScreen(ReviewedForm[str]):
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 96; max-width: 98%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen .title { text-style: bold; color: $primary; }
    FormScreen .description { color: $text-muted; }
    FormScreen .field { height: 1; margin-top: 1; }
    FormScreen .field .label { width: 20; }
    FormScreen .field Input { width: 14; }
    FormScreen .field Select { width: 30; }
    FormScreen .field .message { width: 1fr; padding: 0 0 0 1; color: $text-muted; }
    FormScreen .field .message.-error { color: $error; }
    FormScreen .field .message.-warning { color: $warning; }
    FormScreen #preview { display: none; margin-top: 1; border: round $warning; padding: 0 1; }
    FormScreen.-review #preview { display: block; }
    FormScreen #aws-error { display: none; color: $error; margin-top: 1; }
    FormScreen #aws-error.-shown { display: block; }
    FormScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    FormScreen #buttons Button { margin-left: 2; }
    FormScreen #apply, FormScreen #back { display: none; }
    FormScreen.-review #apply, FormScreen.-review #back { display: block; }
    FormScreen.-review #review { display: none; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("y", "apply", "Apply", id="form.apply", show=False),
    ]

    def __init__(self, backend: Backend, action: Action, key: str, item: Item) -> None:
        super().__init__()
        assert action.form is not None
        self.backend = backend
        self.action = action
        self.form: Form = action.form
        self.key = key
        self.item = item
        self.reviewing = False
        self.sending = False
        self.problems: list[FormProblem] = []

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        values: dict[str, str] = {}
        with Vertical():
            yield Static(f"{self.action.label}: {self.key}", classes="title", markup=False)
            yield Static(self.action.description, classes="description", markup=False)
            for f in self.form.fields:
                initial = f.initial(self.item, values)
                values[f.id] = initial
                with Horizontal(classes="field"):
                    yield Static(f.label, classes="label", markup=False)
                    if f.choices is not None:
                        options = [(c, c) for c in f.choices(self.item)]
                        yield Select(
                            options,
                            value=initial,
                            allow_blank=False,
                            id=f"field-{f.id}",
                            compact=True,
                        )
                    else:
                        yield Input(value=initial, id=f"field-{f.id}", compact=True)
                    yield Static(f.hint, classes="message", id=f"msg-{f.id}", markup=False)
            yield Static("", id="preview", markup=False)
            yield Static("", id="aws-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Review (enter)", id="review", variant="primary", compact=True)
                yield Button("Back", id="back", compact=True)
                yield Button("Apply (y)", id="apply", variant="warning", compact=True)

    def on_mount(self) -> None:
        self._check()
        first = self.form.fields[0] if self.form.fields else None
        if first is not None:
            self.query_one(f"#field-{first.id}").focus()

    # --- values and checks -----------------------------------------------------------------
    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.form.fields:
            widget = self.query_one(f"#field-{f.id}")
            if isinstance(widget, Select):
                out[f.id] = "" if widget.value is Select.BLANK else str(widget.value)
            else:
                assert isinstance(widget, Input)
                out[f.id] = widget.value
        return out

    def _check(self) -> list[FormProblem]:
        values = self.values()
        self.problems = self.form.check(self.item, values)
        for f in self.form.fields:
            message = self.query_one(f"#msg-{f.id}", Static)
            mine = [p for p in self.problems if p.field == f.id]
            message.remove_class("-error", "-warning")
            if mine:
                worst = next((p for p in mine if not p.warning), mine[0])
                message.update(worst.message)
                message.add_class("-warning" if worst.warning else "-error")
            else:
                message.update(f.hint)
        blocking = [p for p in self.problems if not p.warning]
        self.query_one("#review", Button).disabled = bool(blocking)
        return blocking

    @on(Input.Changed)
    def _typed(self) -> None:
        if self.reviewing:
            self._leave_review()
        self._check()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        """A choice changed: refill the fields below it from the item (its current values)."""
        changed = (event.select.id or "").removeprefix("field-")
        values = self.values()
        below = False
        for f in self.form.fields:
            if below and f.choices is None:
                values[f.id] = f.initial(self.item, values)
                self.query_one(f"#field-{f.id}", Input).value = values[f.id]
            if f.id == changed:
                below = True
        if self.reviewing:
            self._leave_review()
        self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_review()

    # --- review and apply --------------------------------------------------------------------
    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        if self.sending:
            return
        blocking = self._check()
        if blocking:
            self.query_one(f"#field-{blocking[0].field}").focus()
            self.notify(blocking[0].message, title="Not sent", severity="warning")
            return
        self.query_one("#preview", Static).update(self.form.preview(self.item, self.values()))
        self.reviewing = True
        self.add_class("-review")
        self.query_one("#apply", Button).focus()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self._leave_review()
        if self.form.fields:
            self.query_one(f"#field-{self.form.fields[0].id}").focus()

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        if not self.reviewing or self.sending or self._check():
            return
        self.sending = True
        self.query_one("#apply", Button).disabled = True
        values = self.values()
        resource = self.form.resource(self.item, values) if self.form.resource else self.key
        self._send(values, resource)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _send(self, values: dict[str, str], resource: str) -> None:
        form, clients = self.form, self.backend.clients
        self.send_guarded(self.action.id, resource, lambda: form.submit(clients, self.item, values))
