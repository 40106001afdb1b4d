"""An answer that carries no AWS error (an HTML page, a bare status) becomes one line that
names the operation: what an AWS-compatible endpoint lacking the API answers (moto: an
HTML 500 page), never shown raw."""

from __future__ import annotations

import botocore.exceptions as bx

from smtui.aws.errors import NOT_AWS, to_aws_error

HTML = (
    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>\n"
)


def client_error(code: str, message: str, status: int, operation: str) -> bx.ClientError:
    return bx.ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        operation,
    )


def test_an_html_page_is_one_line_naming_the_operation() -> None:
    # botocore names the code by the status when the body is no AWS error
    err = to_aws_error(client_error("500", HTML, 500, "ListLabelingJobs"))
    assert err.code == NOT_AWS and err.status == 500 and err.operation == "ListLabelingJobs"
    text = str(err)
    assert "\n" not in text and "<" not in text
    assert "ListLabelingJobs" in text and "HTTP 500 Internal Server Error" in text


def test_a_bare_status_says_what_came_back() -> None:
    err = to_aws_error(client_error("404", "Not Found", 404, "ListApps"))
    assert err.code == NOT_AWS
    assert str(err) == (
        f"{NOT_AWS} (ListApps): the endpoint answered HTTP 404 Not Found with no AWS error: "
        "it may not implement ListApps"
    )


def test_an_aws_error_is_kept_as_aws_said_it() -> None:
    err = to_aws_error(client_error("ValidationException", "Bad <name>", 400, "DescribeX"))
    assert (err.code, err.message) == ("ValidationException", "Bad <name>")
