"""What the request forms share (FormScreen, RetrainScreen): a review step before
sending; the send, in a worker thread, through the read-only guard and the audit log;
and on failure the error shown as AWS said it, the values kept, back to editing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from smtui.domain.text import strip_controls
from smtui.services.backend import AwsError, Backend, ReadOnlyRefused
from smtui.services.guard import OutcomeUnknown

ResultT = TypeVar("ResultT")


class ReviewedForm(ModalScreen[ResultT | None], Generic[ResultT]):
    SEND: ClassVar[str] = "apply"
    """The action, and the id of its button, that sends the reviewed request."""

    backend: Backend
    reviewing: bool
    sending: bool

    def _leave_review(self) -> None:
        self.reviewing = False
        self.remove_class("-review")

    def send_guarded(
        self,
        action_id: str,
        resource: str,
        call: Callable[[], Any],
        then: Callable[[], Any] | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """From a worker thread: ``call`` through the guard, then ``then`` if given; the
        form is dismissed with the last one's result, or shows why it failed."""
        try:
            outcome = self.backend.guard.run(action_id, resource, call, details=details)
            if then is not None:
                outcome = then()
        except ReadOnlyRefused as exc:
            self.app.call_from_thread(self._failed, f"Read-only: {exc}")
        except OutcomeUnknown as exc:  # never "try again": the resource as read back
            self.app.call_from_thread(self._failed, f"{exc.message} (:audit has the request)")
        except AwsError as exc:
            self.app.call_from_thread(self._failed, f"{exc.code}: {exc.message}")
        except Exception as exc:  # a bad response never crashes the form
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")
        else:
            self.app.call_from_thread(self.dismiss, outcome)

    def _failed(self, message: str) -> None:
        """Show the error as said; keep the values; back to editing."""
        self.sending = False
        self.query_one(f"#{self.SEND}", Button).disabled = False
        error = self.query_one("#aws-error", Static)
        error.update(strip_controls(message))  # AWS's words, never its escape sequences
        error.add_class("-shown")
        self._leave_review()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        if action == self.SEND:
            return self.reviewing
        return True
