"""Wire protocols: request routing, (de)serialization and input validation."""

from .base import HttpRequest, HttpResponse, RequestContext
from .dispatcher import Dispatcher

__all__ = ["Dispatcher", "HttpRequest", "HttpResponse", "RequestContext"]
