"""
The test client with the page cache in front of Django, as `armcms.wsgi`
puts it: every request a test makes goes through `CachedPages`, which
answers hits itself and stores what Django builds, while the pages Django
builds keep everything the test client records (templates, context).
"""

import django.test
from django.http import HttpResponse
from django.test import RequestFactory

from armcms.pagecache.wsgi import CachedPages


class Client(django.test.Client):
    def request(self, **request):
        built = []

        def django_application(environ, start_response):
            # The test client's handler leaves out a HEAD's body, where
            # Django's WSGI handler sends it for CachedPages to drop; the page
            # is built as for a GET, which is how Django's views answer a HEAD.
            asked = request
            if request["REQUEST_METHOD"] == "HEAD":
                asked = {**request, "REQUEST_METHOD": "GET"}
            response = super(Client, self).request(**asked)
            built.append(response)
            start_response(
                f"{response.status_code} {response.reason_phrase}",
                [
                    *response.items(),
                    *(
                        ("Set-Cookie", c.OutputString())
                        for c in response.cookies.values()
                    ),
                ],
            )
            return [] if response.streaming else [response.content]

        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status.split(" ", 1)[0]), headers=headers)
            return lambda data: None

        # What a WSGI server would hand over: the request's META, with the
        # path as it came (a request object holds it decoded).
        environ = {
            **RequestFactory.request(self, **request).META,
            "PATH_INFO": request["PATH_INFO"],
            "SCRIPT_NAME": request.get("SCRIPT_NAME", ""),
        }
        body = CachedPages(django_application)(environ, start_response)
        headers = dict(answer["headers"])
        if not built:  # answered by the cache
            response = HttpResponse(b"".join(body), status=answer["status"])
            for name, value in headers.items():
                response[name] = value
            response.client = self
            response.request = request
            return response
        response = built[0]
        if "X-Page-Cache" in headers:
            response["X-Page-Cache"] = headers["X-Page-Cache"]
        if request["REQUEST_METHOD"] == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response
