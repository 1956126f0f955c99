"""Every request reads persons only through restrict(), and logs only what it really showed."""

from .guard import guarded
from .services import deferred_reads, write_reads


class ReadLogMiddleware:
    """Writes the request's reads to the read log when the response is a success (below 400); an
    error page has shown nothing, so its reads are dropped. A streamed export writes its own, batch
    by batch, before sending each."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with guarded(), deferred_reads() as reads:
            response = self.get_response(request)
            if response.status_code < 400:
                write_reads(reads)
        return response
