"""Print, as JSON, the SQL queries and bytes of each URL given (page cache off)."""

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

client = Client()
result = {}
for url in sys.argv[1:]:
    client.get(url)  # connection set-up and first-use work out of the way
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    result[url] = {"status": response.status_code, "queries": len(captured)}
print(json.dumps(result))
