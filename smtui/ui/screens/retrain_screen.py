"""Retrain / clone a training job: a form prefilled from the source job, checked as typed,
previewed as the exact CreateTrainingJob request (what differs from the source
highlighted), then sent once through the action guard (read-only refusal, audit log).

An AWS error is shown verbatim and every value the user typed is kept.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static

from smtui.services import retrain
from smtui.services.backend import AwsError, Backend
from smtui.services.registry import Action, Item
from smtui.ui.screens.reviewed_form import ReviewedForm
from smtui.ui.widgets.kv_grid import KVGrid

FIELDS = (
    ("name", "New job name"),
    ("instance_type", "Instance type"),
    ("instance_count", "Instance count"),
    ("volume_gb", "Volume (GB)"),
    ("max_runtime", "Max runtime (s)"),
    ("max_wait", "Max wait (s, spot)"),
    ("checkpoint_uri", "Checkpoint S3 URI"),
)


class RetrainScreen(ReviewedForm[dict[str, Any]]):
    """Dismissed with the new job's describe once launched (None when cancelled)."""

    DEFAULT_CSS = """
    RetrainScreen { align: center middle; }
    RetrainScreen > Vertical {
        width: 110; max-width: 98%; height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    RetrainScreen .title { text-style: bold; color: $primary; }
    RetrainScreen .note { color: $text-muted; margin-bottom: 1; }
    RetrainScreen .note.-warning { color: $warning; }
    RetrainScreen #body { height: 1fr; }
    RetrainScreen .field { height: 1; }
    RetrainScreen .field .label { width: 20; }
    RetrainScreen .field Input { width: 44; }
    RetrainScreen .field Checkbox { width: 44; }
    RetrainScreen .field .message { width: 1fr; padding: 0 0 0 1; color: $text-muted; }
    RetrainScreen .message.-error { color: $error; }
    RetrainScreen .message.-warning { color: $warning; text-style: bold; }
    RetrainScreen #preview { display: none; margin-top: 1; border: round $warning; padding: 0 1; }
    RetrainScreen.-review #preview { display: block; }
    RetrainScreen.-review #body > * { display: none; }
    RetrainScreen.-review #body > #preview { display: block; }
    RetrainScreen #aws-error { display: none; color: $error; }
    RetrainScreen #aws-error.-shown { display: block; }
    RetrainScreen #buttons { height: auto; align-horizontal: right; }
    RetrainScreen #buttons Button { margin-left: 2; }
    RetrainScreen #launch, RetrainScreen #back { display: none; }
    RetrainScreen.-review #launch, RetrainScreen.-review #back { display: block; }
    RetrainScreen.-review #review { display: none; }
    """
    SEND = "launch"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="retrain.cancel"),
        Binding("ctrl+l", "launch", "Launch", id="retrain.launch", show=False),
        # The review pane scrolls without focusing it first (focus is on Launch).
        Binding("pagedown", "scroll_body('page_down')", show=False, id="retrain.page_down"),
        Binding("pageup", "scroll_body('page_up')", show=False, id="retrain.page_up"),
        Binding("j", "scroll_body('scroll_down')", show=False, id="retrain.down"),
        Binding("k", "scroll_body('scroll_up')", show=False, id="retrain.up"),
    ]

    def __init__(self, backend: Backend, action: Action, key: str, item: Item) -> None:
        super().__init__()
        self.backend, self.action, self.key, self.item = backend, action, key, item
        self.mode = action.editor
        self.draft: retrain.Draft | None = None
        self.request: dict[str, Any] | None = None
        self.reviewing = self.sending = False
        self.image = ""
        """The latest image the SDK found, when the user asked for it."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.action.label}: {self.key}", classes="title", markup=False)
            yield Static("Loading the source job…", id="loading", classes="note", markup=False)
            yield VerticalScroll(id="body")
            yield Static("", id="aws-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Review (enter)", id="review", variant="primary", compact=True)
                yield Button("Back", id="back", compact=True)
                yield Button("Launch (ctrl+l)", id="launch", variant="warning", compact=True)

    def on_mount(self) -> None:
        self.query_one("#review", Button).disabled = True
        self._load()

    @work(thread=True, exclusive=True, group="retrain-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            draft = retrain.prepare(self.backend.clients, self.key, self.mode, self.backend.clock())
            # The checks read botocore's instance types: load them here, not on the UI
            # thread after the first paint (the grids would come seconds after the form).
            retrain.instance_types()
        except AwsError as exc:
            self.app.call_from_thread(self._failed, f"{exc.code}: {exc.message}")
        except retrain.RetrainRefused as exc:  # not a Completed job: the CLI's words
            self.app.call_from_thread(self._failed, str(exc))
        except Exception as exc:  # e.g. a job without model artifacts
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")
        else:
            self.app.call_from_thread(self._show, draft)

    # --- the form ----------------------------------------------------------------------------
    def _show(self, draft: retrain.Draft) -> None:
        self.draft = draft
        values = draft.values()
        self.query_one("#loading", Static).update(self.action.description)
        body = self.query_one("#body", VerticalScroll)
        widgets: list[Any] = [
            Static(n.message, classes="note" + (" -warning" if n.warning else ""), markup=False)
            for n in draft.notes
        ]
        for field_id, label in FIELDS:
            text = str(getattr(values, field_id))
            row = Horizontal(
                Static(label, classes="label", markup=False),
                Input(text, id=f"field-{field_id}", compact=True, disabled=self._fixed(field_id)),
                Static("", classes="message", id=f"msg-{field_id}", markup=False),
                classes="field",
            )
            widgets.append(row)
            if field_id == "max_runtime":
                widgets.append(
                    Horizontal(
                        Static("Managed spot", classes="label", markup=False),
                        Checkbox(
                            _spot_label(values.spot), values.spot, id="field-spot", compact=True
                        ),
                        Static("", classes="message", markup=False),
                        classes="field",
                    )
                )
        widgets.append(KVGrid("Channels", values.channels, id="channels"))
        widgets.append(KVGrid("Hyperparameters", values.hyperparameters, id="hps"))
        widgets.append(self._image_row(draft))
        kept = ", ".join(f"{t['Key']}={t['Value']}" for t in draft.request.get("Tags", []))
        widgets.append(
            Static(
                f"Tags (aws: and sagemaker: keys dropped): {kept or 'none'}",
                classes="note",
                markup=False,
            )
        )
        widgets.append(Static("", id="preview"))
        body.mount_all(widgets)
        self.call_after_refresh(self._check)
        self.call_after_refresh(lambda: [f.focus() for f in self.query("#field-name")])

    def _fixed(self, field_id: str) -> bool:
        assert self.draft is not None
        return self.draft.groups and field_id in ("instance_type", "instance_count")

    def _image_row(self, draft: retrain.Draft) -> Horizontal:
        option = retrain.image_option(draft)
        if option is None:
            hint = Static("Image: kept from the source job", classes="note", markup=False)
            return Horizontal(hint, classes="field")
        if not retrain.sdk_available():
            text = f"Latest image of this framework: needs {retrain.SDK_HINT}"
            return Horizontal(Static(text, classes="note", markup=False), classes="field")
        return Horizontal(
            Button(f"Use the latest {option[0]} image", id="latest-image", compact=True),
            Static("", id="image", classes="note", markup=False),
            classes="field",
        )

    def values(self) -> retrain.Values:
        def text(field_id: str) -> str:
            return self.query_one(f"#field-{field_id}", Input).value

        return retrain.Values(
            name=text("name"),
            channels=self.query_one("#channels", KVGrid).pairs(),
            hyperparameters=self.query_one("#hps", KVGrid).pairs(),
            instance_type=text("instance_type"),
            instance_count=text("instance_count"),
            volume_gb=text("volume_gb"),
            max_runtime=text("max_runtime"),
            spot=self.query_one("#field-spot", Checkbox).value,
            max_wait=text("max_wait"),
            checkpoint_uri=text("checkpoint_uri"),
            image=self.image,
        )

    def _check(self) -> list[retrain.Check]:
        if self.draft is None or not self.query("#field-name"):
            return []  # not shown yet, or already dismissed (a callback after refresh)
        problems = retrain.check(self.draft, self.values())
        by_field: dict[str, str] = {}
        for p in problems:
            by_field.setdefault(p.field, p.message)
        warned: dict[str, str] = {}
        if not problems:  # a folder another job used: loud, but the user may mean it
            request = retrain.build(self.draft, self.values())
            warned = {w.field: w.message for w in retrain.folder_warnings(self.draft, request)}
        for field_id, _ in FIELDS:
            message = self.query_one(f"#msg-{field_id}", Static)
            message.update(by_field.get(field_id, warned.get(field_id, "")))
            message.set_class(field_id in by_field, "-error")
            message.set_class(field_id not in by_field and field_id in warned, "-warning")
        for grid_id, prefix, parts in (
            ("#channels", "channel", ("name", "uri")),
            ("#hps", "hp", ("key", "value")),
        ):
            grid = self.query_one(grid_id, KVGrid)
            grid.show(
                [
                    next(
                        (
                            by_field[f"{prefix}.{i}.{p}"]
                            for p in parts
                            if f"{prefix}.{i}.{p}" in by_field
                        ),
                        "",
                    )
                    for i in range(len(grid.rows))
                ]
            )
        if "channel.0.name" in by_field and not self.query_one("#channels", KVGrid).rows:
            self.notify(by_field["channel.0.name"], severity="warning")
        self.query_one("#review", Button).disabled = bool(problems)
        return problems

    @on(Checkbox.Changed, "#field-spot")
    def _spot_toggled(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = _spot_label(event.value)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(KVGrid.Changed)
    def _edited(self) -> None:
        # Widgets post Changed when they mount or are set to the value they hold: only a
        # real edit of what is under review leaves the review.
        if self._check() or self.draft is None:
            if self.reviewing:
                self._leave_review()
            return
        if self.reviewing and retrain.build(self.draft, self.values()) != self.request:
            self._leave_review()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_review()

    @on(Button.Pressed, "#latest-image")
    def _latest(self) -> None:
        assert self.draft is not None
        try:
            uri = retrain.latest_image(self.draft, self.backend.region, self.values().instance_type)
        except Exception as exc:  # the SDK raises ValueError for unknown combinations
            self.notify(str(exc), title="Latest image", severity="warning")
            return
        self.image = uri
        self.query_one("#image", Static).update(uri)
        self._edited()

    # --- review and launch --------------------------------------------------------------------
    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        if self.draft is None or self.sending:
            return
        problems = self._check()
        if problems:
            self.notify(problems[0].message, title="Not sent", severity="warning")
            return
        self.request = retrain.build(self.draft, self.values())
        changed = ", ".join(retrain.changed(self.draft, self.request)) or "nothing"
        text = Text(f"Differs from the source job: {changed}\n", "bold")
        checkpoint = (self.request.get("CheckpointConfig") or {}).get("S3Uri")
        if checkpoint:
            text.append(f"Checkpoints: {checkpoint}\n")
        for warning in retrain.folder_warnings(self.draft, self.request):
            text.append(warning.message + "\n", "bold reverse")
        text.append("\n")
        for line, differs in retrain.preview(self.draft, self.request):
            text.append(("* " if differs else "  ") + line + "\n", "bold" if differs else "")
        preview = self.query_one("#preview", Static)
        preview.update(text)
        preview.border_title = "CreateTrainingJob (* differs from the source job)"
        self.reviewing = True
        self.add_class("-review")
        self.query_one("#launch", Button).focus()
        self.call_after_refresh(self._scroll_home)

    def action_scroll_body(self, how: str) -> None:
        for body in self.query("#body"):
            getattr(body, f"action_{how}")()

    def _scroll_home(self) -> None:
        for body in self.query("#body"):  # none once dismissed
            body.scroll_home(animate=False)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self._leave_review()

    @on(Button.Pressed, "#launch")
    def action_launch(self) -> None:
        if not self.reviewing or self.sending or self.request is None or self._check():
            return
        self.sending = True
        self.query_one("#launch", Button).disabled = True
        self._send(self.request)

    @work(thread=True, exclusive=True, group="retrain-send", exit_on_error=False)
    def _send(self, request: dict[str, Any]) -> None:
        clients, name = self.backend.clients, request["TrainingJobName"]
        self.send_guarded(
            self.action.id,
            f"training-job/{name}",
            lambda: retrain.launch(clients, request),
            then=lambda: retrain.describe(clients, name),  # the new job's detail opens
            details={"source": self.key, "mode": self.mode},  # the audit names it
        )


def _spot_label(on: bool) -> str:
    """The checkbox's words follow its state (a label "on" beside an empty box read as on)."""
    return "on" if on else "off"
