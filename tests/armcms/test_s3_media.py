"""
Media on S3-compatible object storage, as MEDIA_STORAGE=s3 runs it in
production: the suite starts moto's S3 server on 127.0.0.1 (a real HTTP
server speaking the S3 protocol, in a thread of the test process), makes a
bucket of its own for each test, and points the default storage at it with
the options settings.py builds from the AWS_* variables. Uploads, their
renditions, the public addresses pages print, deletion and a backup's round
trip all go through the network to that server.
"""

import io
import json
import socket
import urllib.request
import uuid
import zipfile

import boto3
import pytest
from django.conf import settings as project_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from armcms.content import library
from armcms.operations.backup import create_backup, restore_backup
from tests.armcms.admin_helpers import form_data
from tests.armcms.content.test_image_privacy import GPS_IFD, phone_photo
from tests.armcms.factories import library_image
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

REGION = "eu-west-1"
CREDENTIALS = {"access_key": "armcms-test", "secret_key": "armcms-test-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free port of 127.0.0.1, for the whole run."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new bucket, the default storage's, as settings.py configures S3."""
    name = f"armcms-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    # The policy the README asks for: anyone may read the files, only the
    # site's credentials write them.
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read(name)))
    options = {
        **project_settings.MEDIA_STORAGES["s3"]["OPTIONS"],
        "bucket_name": name,
        "endpoint_url": s3_endpoint,
        "region_name": REGION,
        "custom_domain": None,
        "querystring_auth": False,
        **CREDENTIALS,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }

    class Bucket:
        def names(self) -> set[str]:
            pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
            return {item["Key"] for page in pages for item in page.get("Contents", [])}

        def read(self, key: str) -> bytes:
            return client.get_object(Bucket=name, Key=key)["Body"].read()

    yield Bucket()
    keys = Bucket().names()
    for key in keys:
        client.delete_object(Bucket=name, Key=key)
    client.delete_bucket(Bucket=name)


def public_read(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadForMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url`` over HTTP, as a visitor's browser would."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_the_default_storage_is_the_bucket(bucket, s3_endpoint):
    assert default_storage.__class__.__name__ == "S3Storage"
    name = default_storage.save("probe/hello.txt", io.BytesIO(b"hello"))
    assert name in bucket.names()
    assert default_storage.url(name).startswith(f"{s3_endpoint}/")


def test_an_image_and_its_renditions_reach_the_bucket_without_metadata(
    bucket, s3_endpoint
):
    image = library_image(
        name="phone.jpg", data=phone_photo(size=(1200, 800)), title="At the mine"
    )
    keys = bucket.names()
    assert image.file.name in keys
    renditions = [
        name
        for crop in ("fallback", "webp")
        for _width, _height, name in image.renditions[crop]
    ]
    renditions += [name for *_size, name in image.renditions["card"]["webp"]]
    assert renditions and set(renditions) <= keys
    for key in [image.file.name, *renditions]:
        with Image.open(io.BytesIO(bucket.read(key))) as stored:
            assert not stored.getexif().get_ifd(GPS_IFD), key
            assert "exif" not in stored.info, key
    # The address the site prints is the bucket's, public, and serves the file.
    status, content_type, body = fetch(image.file.url)
    assert image.file.url.startswith(f"{s3_endpoint}/")
    assert (status, content_type) == (200, "image/jpeg")
    assert body == bucket.read(image.file.name)


def test_pages_print_the_bucket_addresses(bucket, s3_endpoint, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = NewsArticleFactory(lead_image=library_image(title="River"))
    html = client.get(article.get_absolute_url()).content.decode()
    srcset = html.split('srcset="', 1)[1].split('"', 1)[0]
    sources = [part.split(" ")[0] for part in srcset.split(", ")]
    assert sources and all(url.startswith(f"{s3_endpoint}/") for url in sources)
    for url in sources:
        assert fetch(url)[0] == 200


def test_an_image_uploaded_in_the_admin_lands_in_the_bucket(bucket, admin_client):
    add = reverse("admin:armcms_image_add")
    upload = SimpleUploadedFile("miners.jpg", phone_photo(), "image/jpeg")
    data = form_data(admin_client.get(add), title="Miners", alt_en="Miners at work")
    response = admin_client.post(add, {**data, "file": upload})
    assert response.status_code == 302, response.context["adminform"].errors
    image = library.Image.objects.get(title="Miners")
    assert image.file.name in bucket.names()


def test_a_deleted_image_leaves_the_bucket(bucket):
    image = library_image(title="To delete")
    stored = bucket.names()
    assert image.file.name in stored
    image.delete()
    assert not bucket.names() & stored


def test_a_backup_brings_the_bucket_back(bucket, tmp_path):
    image = library_image(title="Kept", data=phone_photo(size=(900, 600)))
    before = {key: bucket.read(key) for key in bucket.names()}
    archive = tmp_path / "site.zip"
    manifest = create_backup(archive)
    with zipfile.ZipFile(archive) as zipped:
        assert any(name.endswith(image.file.name) for name in zipped.namelist())
    assert len(manifest["media"]) == len(before)

    # Everything gone, as a bulk delete in the admin does it: the rows, and
    # with them the bucket's files.
    library.Image.objects.all().delete()
    assert not bucket.names()
    restore_backup(archive, replace=True)
    assert {key: bucket.read(key) for key in bucket.names()} == before
    assert library.Image.objects.get(title="Kept").file.name == image.file.name
