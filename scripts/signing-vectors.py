#!/usr/bin/env python3
"""Test vectors for the client's AK/SK signing, made by the official Huawei Cloud SDK.

The official Python SDK (`huaweicloudsdkcore` with `huaweicloudsdkcodeartsrepo`, pinned
below) is the oracle: this script has it build and sign a set of requests with fixed
inputs (endpoint, keys, date, user agent, hostile path and query values), captures what
it would send, and prints the vectors as JSON. `codearts-client`'s tests assert that its
signer produces byte-identical URLs and headers for every vector, and CI regenerates the
file and fails when it differs from the checked-in one.

Run it in a virtual environment (see the README):

    python3 -m venv target/sdk-venv
    target/sdk-venv/bin/pip install huaweicloudsdkcore==3.1.219 huaweicloudsdkcodeartsrepo==3.1.219
    target/sdk-venv/bin/python scripts/signing-vectors.py generated-client/tests/data/signing-vectors.json

Nothing leaves the machine: requests are caught where `requests` would send them, and a
canned 200 answers. The SDK's code is not changed; only its clock is fixed, by replacing
the `datetime` its signer module imported.
"""

import copy
import datetime as _datetime
import io
import json
import os
import sys
import tempfile
from importlib import metadata

PINNED = {"huaweicloudsdkcore": "3.1.219", "huaweicloudsdkcodeartsrepo": "3.1.219"}

# The SDK's user-agent module writes an application id under $HOME when imported; keep
# that out of the caller's home. (A fixed user agent below means it is never imported.)
os.environ["HOME"] = tempfile.mkdtemp(prefix="signing-vectors-home-")

import requests  # noqa: E402
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkcore.signer import signer as signer_module  # noqa: E402
from huaweicloudsdkcodeartsrepo.v3 import (  # noqa: E402
    CodeArtsRepoClient as RepoClientV3,
    ListFilesByQueryRequest,
    ShowRepositoryByUuidRequest,
)
from huaweicloudsdkcodeartsrepo.v4 import (  # noqa: E402
    CodeArtsRepoClient as RepoClientV4,
    DownloadArchiveRequest,
    ListProjectRepositoriesRequest,
)

GENERATED = (
    "scripts/signing-vectors.py — do not edit; regenerate with "
    "target/sdk-venv/bin/python scripts/signing-vectors.py "
    "generated-client/tests/data/signing-vectors.json"
)

# Made-up credentials of the shapes IAM issues (20-character AK, 40-character SK).
AK = "HPUAL3Y5VQ7EXAMPLEAK"
SK = "k9Vd3XoExampleSecretKey0123456789abcdefGH"
SECURITY_TOKEN = "gQpjbi1ub3J0aC00gQ-example-security-token+/="
PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
# `config.user_agent`; the SDK prepends its own product token.
USER_AGENT = "codearts-client-vectors/1.0"

REPO = "https://codehub-ext.cn-north-4.myhuaweicloud.com"
BUILD = "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com"

# Every printable ASCII mark, spaces, a literal percent escape, non-ASCII (two and three
# byte UTF-8) and an emoji (four bytes).
HOSTILE = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ %2F a+b=c&d ü 中 😀"


class FixedClock:
    """Replaces `datetime` in the signer module: `utcnow` answers the vector's date."""

    now = None

    @classmethod
    def install(cls):
        fixed = cls

        class Datetime(_datetime.datetime):
            @classmethod
            def utcnow(klass):
                return fixed.now

        signer_module.datetime = Datetime


class Capture:
    """What one call produced: the headers before signing, the canonical request, the
    string to sign, and the request `requests` was about to send."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.headers_before = None
        self.canonical_request = None
        self.string_to_sign = None
        self.prepared = None
        self.signed_headers = None

    def install(self):
        capture = self

        # Headers as the client built them, before the credentials add theirs.
        original_sign_request = BasicCredentials.sign_request

        def sign_request(credentials, request):
            capture.headers_before = copy.deepcopy(request.header_params)
            signed = original_sign_request(credentials, request)
            capture.signed_headers = dict(signed.header_params)
            return signed

        BasicCredentials.sign_request = sign_request

        signer_cls = signer_module.Signer
        original_canonical = signer_cls._process_canonical_request

        def canonical(self, request, signed_headers):
            capture.canonical_request = original_canonical(self, request, signed_headers)
            return capture.canonical_request

        signer_cls._process_canonical_request = canonical

        original_sts = signer_cls._process_string_to_sign

        def string_to_sign(self, canonical_request, time):
            capture.string_to_sign = original_sts(self, canonical_request, time)
            return capture.string_to_sign

        signer_cls._process_string_to_sign = string_to_sign

        # The last step before the network: keep the prepared request, answer 200.
        def send(session, prepared, **kwargs):
            capture.prepared = prepared
            response = requests.Response()
            response.status_code = 200
            response._content = b"{}"
            response.headers["Content-Type"] = "application/json"
            response.raw = io.BytesIO(b"{}")
            response.url = prepared.url
            response.request = prepared
            return response

        requests.Session.send = send


def client(cls, endpoint, credentials):
    config = HttpConfig.get_default_config()
    config.user_agent = USER_AGENT
    return (
        cls.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([endpoint])
        .build()
    )


def credentials(security_token=None, project_id=None):
    c = BasicCredentials(AK, SK, project_id)
    if security_token is not None:
        c = c.with_security_token(security_token)
    return c


def vector(capture, name, description, operation, date, endpoint, creds, path_template,
           path_params, query, call):
    capture.reset()
    FixedClock.now = date
    call()
    prepared = capture.prepared
    # `requests` sends what the SDK set, plus its defaults (which are not signed).
    for k, v in capture.signed_headers.items():
        assert prepared.headers[k] == v, (k, prepared.headers[k], v)
    # The signer re-encodes each value's UTF-8 bytes as ISO-8859-1 text, which `requests`
    # sends as those bytes: undone here, so a value reads as the UTF-8 that was sent.
    sent = {k.lower(): v.encode("iso-8859-1").decode("utf-8")
            for k, v in capture.signed_headers.items()}
    return {
        "name": name,
        "description": description,
        "operation": operation,
        "credentials": {
            "access_key": creds.ak,
            "secret_key": creds.sk,
            "security_token": creds.security_token,
            "project_id": creds.project_id,
        },
        "date": date.strftime("%Y%m%dT%H%M%SZ"),
        "request": {
            "method": prepared.method,
            "endpoint": endpoint,
            "path_template": path_template,
            "path_params": path_params,
            # In the order the SDK's operation adds them; values as text.
            "query": [[k, str(v)] for k, v in query],
            # Set by the SDK's client before the credentials sign.
            "headers": [[k, v] for k, v in capture.headers_before.items()],
            # The body the SDK signed and sent, as text; empty without one.
            "body": body_text(prepared.body),
        },
        "expected": {
            "url": prepared.url,
            "canonical_request": capture.canonical_request,
            "string_to_sign": capture.string_to_sign,
            "authorization": sent["authorization"],
            # Every header the SDK set, by lower-cased name; the bytes sent, as UTF-8.
            "headers": sent,
        },
    }


def body_text(body):
    if body is None:
        return ""
    if isinstance(body, bytes):
        return body.decode("utf-8")
    return body


def generic_call(sdk_client, method, path_template, path_params, query, headers, body=None):
    """An operation the installed SDK packages do not have (CodeArts Build), or a shape
    none of ours has (repeated keys, a JSON body), sent through the same core client code
    path as a generated SDK method. The SDK serializes a `dict` or `list` body to JSON
    itself and signs the text it sends."""
    collection_formats = {}
    query_params = []
    for k, v in query:
        query_params.append((k, v))
    header_params = dict(headers)
    header_params["Content-Type"] = "application/json"

    def call():
        sdk_client._call_api(
            method=method,
            resource_path=path_template,
            path_params=dict(path_params),
            query_params=query_params,
            header_params=header_params,
            body=body,
            post_params={},
            cname=None,
            response_type="ListProjectRepositoriesResponse",  # any response model of the package
            response_headers=[],
            collection_formats=collection_formats,
            request_type=None,
        )

    return call


def project_id_hazard(capture):
    """The SDK fills an empty `{project_id}` path slot with the IAM project id of the
    credentials. Recorded here (and checked on every run) so that the README's warning
    stays true of the pinned version; the Rust client has no such fallback."""
    capture.reset()
    FixedClock.now = _datetime.datetime(2026, 1, 8, 9, 30, 15)
    c = client(RepoClientV4, REPO, credentials(project_id=PROJECT_ID))
    c.list_project_repositories(ListProjectRepositoriesRequest())
    url = capture.prepared.url
    assert url == f"{REPO}/v4/projects/{PROJECT_ID}/repositories", url
    return {
        "call": "CodeArtsRepoClient(v4).list_project_repositories(ListProjectRepositoriesRequest())",
        "credentials_project_id": PROJECT_ID,
        "url": url,
        "note": "the CodeArts project id was left empty; the SDK put the IAM project id of "
        "BasicCredentials into the {project_id} path slot and sent the call",
    }


def main():
    for package, version in PINNED.items():
        installed = metadata.version(package)
        if installed != version:
            sys.exit(f"{package} {installed} is installed; the vectors are made with {version}")
    FixedClock.install()
    capture = Capture()
    capture.install()
    date = _datetime.datetime(2026, 1, 8, 9, 30, 15)
    vectors = []

    def add(name, description, operation, creds, endpoint, cls, path_template, path_params,
            query, make_call, when=date):
        sdk_client = client(cls, endpoint, creds)
        vectors.append(vector(capture, name, description, operation, when, endpoint, creds,
                              path_template, path_params, query,
                              lambda: make_call(sdk_client)))

    # show_repository_by_uuid (CodeArts Repo v3 SDK client).
    uuid = "045ceabb9aea40579d5a759e84fa7f0a"
    add("show_repository_by_uuid", "the plainest call: no query, no optional credential",
        "show_repository_by_uuid", credentials(), REPO, RepoClientV3,
        "/v2/repositories/{repository_uuid}", {"repository_uuid": uuid}, [],
        lambda c: c.show_repository_by_uuid(ShowRepositoryByUuidRequest(repository_uuid=uuid)))
    add("show_repository_by_uuid/hostile-path",
        "every mark, a literal %2F, non-ASCII and a `/` in one path segment; temporary "
        "credentials and an IAM project id",
        "show_repository_by_uuid", credentials(SECURITY_TOKEN, PROJECT_ID), REPO, RepoClientV3,
        "/v2/repositories/{repository_uuid}", {"repository_uuid": HOSTILE}, [],
        lambda c: c.show_repository_by_uuid(ShowRepositoryByUuidRequest(repository_uuid=HOSTILE)),
        when=_datetime.datetime(2025, 12, 31, 23, 59, 59))
    add("show_repository_by_uuid/dot-segments",
        "`~`, `.` and `..` inside a segment (whole `.` and `..` segments are refused by the client)",
        "show_repository_by_uuid", credentials(), REPO, RepoClientV3,
        "/v2/repositories/{repository_uuid}", {"repository_uuid": "..~a.b"}, [],
        lambda c: c.show_repository_by_uuid(ShowRepositoryByUuidRequest(repository_uuid="..~a.b")))

    # list_project_repositories (v4): every optional query parameter, sorted by the signer.
    project = "0123456789abcdef0123456789abcdef"
    query = [("search", HOSTILE), ("offset", 0), ("limit", 100), ("order_by", "created_at"),
             ("sort", "asc")]
    add("list_project_repositories/hostile-query",
        "a search term with every mark; the query is sorted by key and re-encoded in the URL",
        "list_project_repositories", credentials(project_id=PROJECT_ID), REPO, RepoClientV4,
        "/v4/projects/{project_id}/repositories", {"project_id": project}, query,
        lambda c: c.list_project_repositories(ListProjectRepositoriesRequest(
            project_id=project, search=HOSTILE, offset=0, limit=100, order_by="created_at",
            sort="asc")))
    add("list_project_repositories/empty-value", "an empty query value is kept as `search=`",
        "list_project_repositories", credentials(), REPO, RepoClientV4,
        "/v4/projects/{project_id}/repositories", {"project_id": project},
        [("search", ""), ("limit", 20)],
        lambda c: c.list_project_repositories(ListProjectRepositoriesRequest(
            project_id=project, search="", limit=20)))

    # list_files_by_query (v3): a file path full of `/` and spaces in the query.
    file_path = "docs/sub dir/ü~1.md"
    add("list_files_by_query", "`/`, spaces, `~` and non-ASCII in query values",
        "list_files_by_query", credentials(SECURITY_TOKEN), REPO, RepoClientV3,
        "/v2/projects/{repo_id}/repository/files", {"repo_id": "859341"},
        [("file_path", file_path), ("ref", "feature/a+b=c&d")],
        lambda c: c.list_files_by_query(ListFilesByQueryRequest(
            repo_id=859341, file_path=file_path, ref="feature/a+b=c&d")))

    # download_archive (v4), through an endpoint with a port.
    add("download_archive/port",
        "an endpoint with a port: the Host header keeps it; a percent sign in a value",
        "download_archive", credentials(), "https://127.0.0.1:8443", RepoClientV4,
        "/v4/repositories/{repository_id}/repository/archive", {"repository_id": "2112029050"},
        [("sha", "master"), ("path", "src/100%"), ("archive_format", "tar.gz")],
        lambda c: c.download_archive(DownloadArchiveRequest(
            repository_id=2112029050, sha="master", path="src/100%", archive_format="tar.gz")))

    # list_git_code_repositories (CodeArts Build): not in the pinned packages; sent
    # through the core client's generic path, the one every generated SDK method takes.
    endpoint_id = "b1e5d7f3a9c04f6e8d2a0b4c6e8f0a1b"
    add("list_git_code_repositories",
        "a CodeArts Build call, built the way the Build SDK's generated method builds it",
        "list_git_code_repositories", credentials(SECURITY_TOKEN, PROJECT_ID), BUILD,
        RepoClientV4, "/v1/code/git-code/{endpoint_id}/repositories",
        {"endpoint_id": endpoint_id},
        [("page", 1), ("page_size", 10), ("search", "my repo")],
        lambda c: generic_call(c, "GET", "/v1/code/git-code/{endpoint_id}/repositories",
                               {"endpoint_id": endpoint_id},
                               [("page", 1), ("page_size", 10), ("search", "my repo")], {})())

    # Shapes none of the documented operations has, for the signer alone.
    repeated = [("k", "b"), ("a", "2"), ("k", "a"), ("K", "x"), ("~", "~"), ("k", "")]
    headers = {"X-Custom": "  padded value \t", "X_Underscored": "not signed",
               "X-Unicode": "ü 中"}
    add("signer/repeated-keys-and-odd-headers",
        "repeated and case-differing query keys (sorted by key, then value); a padded header "
        "value (trimmed), a header whose name has `_` (sent, not signed), a non-ASCII value",
        None, credentials(), REPO, RepoClientV4, "/v4/odd/{x}", {"x": "a b"}, repeated,
        lambda c: generic_call(c, "GET", "/v4/odd/{x}", {"x": "a b"}, repeated, headers)())

    # JSON bodies, for the signer: the payload hash is of the bytes sent, and the
    # Content-Type the SDK sets is signed with the other headers.
    bodies = [
        ("POST", "signer/post-nested-body",
         "a POST with nested objects, arrays of strings and of objects, numbers, booleans "
         "and null",
         {"name": "repo-1", "project": {"id": PROJECT_ID, "flags": [True, False, None]},
          "branches": ["main", "dev"], "members": [{"id": 1, "role": "owner"}, {"id": 2}],
          "size": 12.5}),
        ("PUT", "signer/put-non-ascii-body",
         "a PUT whose body holds non-ASCII text (the SDK escapes it as \\u sequences)",
         {"description": "仓库 ü 😀", "path": "a/b c"}),
        ("DELETE", "signer/delete-array-body",
         "a DELETE with a top-level array body, as the batch-delete pages send",
         ["feature/a", "feature/b c", "ü"]),
        ("POST", "signer/post-empty-object", "a POST whose body is the empty object", {}),
        ("POST", "signer/post-raw-utf8-body",
         "a POST whose body is compact JSON with raw UTF-8, as this client serializes it",
         '{"name":"仓库","ids":[1,2]}'),
    ]
    for method, name, description, body in bodies:
        add(name, description, None, credentials(SECURITY_TOKEN), REPO, RepoClientV4,
            "/v4/body/{x}", {"x": "b"}, [("q", "1")],
            lambda c, m=method, b=body: generic_call(
                c, m, "/v4/body/{x}", {"x": "b"}, [("q", "1")], {}, b)())

    out = {
        "x-generated": GENERATED,
        "sdk": PINNED,
        "user_agent": USER_AGENT,
        "project_id_hazard": project_id_hazard(capture),
        "vectors": vectors,
    }
    text = json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
