//! The spec diff, kind by kind: each test makes one edit to a small fixture spec (held in
//! memory and changed with `replace`, so the test shows the edit) and checks the rule id
//! and both verdicts, wire and Rust API. Then the report as a whole: no changes for the
//! same spec, the semver bump, the public Rust items, and a golden snapshot of the
//! Markdown (`UPDATE_SNAPSHOTS=1 cargo test -p codegen --test diff` rewrites it).

use std::path::{Path, PathBuf};

use codegen::diff::{self, Bump, Change, Report, Rule, Verdict};
use codegen::ir::Ir;
use codegen::load::{self, SourceFile};
use codegen::{lower, validate};

use Verdict::{Breaking as B, Compatible as C};

/// The old side of every test.
const BASE: &str = include_str!("fixtures/diff/spec.yaml");

fn ir(text: &str) -> Ir {
    let spec = load::parse(vec![SourceFile {
        path: PathBuf::from("spec.yaml"),
        text: text.to_string(),
    }])
    .unwrap_or_else(|d| panic!("fixture does not load:\n{d}"));
    validate::check(&spec).unwrap_or_else(|d| panic!("fixture is invalid:\n{d}"));
    lower::lower(&spec)
}

/// The base fixture with every `(from, to)` replacement applied; each `from` must occur
/// exactly once, so that an edit cannot land somewhere unintended.
fn edit(edits: &[(&str, &str)]) -> String {
    edit_text(BASE, edits)
}

fn edit_text(text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (from, to) in edits {
        let count = text.matches(from).count();
        assert_eq!(count, 1, "edit target found {count} times: {from:?}");
        text = text.replace(from, to);
    }
    text
}

fn diff_texts(old: &str, new: &str) -> Report {
    diff::diff(&ir(old), &ir(new)).expect("both sides generate")
}

/// The one change with `rule` after `edits`, checked against both verdicts.
#[track_caller]
fn expect(edits: &[(&str, &str)], rule: &str, wire: Verdict, rust_api: Verdict) -> Change {
    expect_between(BASE, &edit(edits), rule, wire, rust_api)
}

#[track_caller]
fn expect_between(old: &str, new: &str, rule: &str, wire: Verdict, rust_api: Verdict) -> Change {
    let report = diff_texts(old, new);
    let found: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.rule.id() == rule)
        .collect();
    let [change] = found.as_slice() else {
        panic!(
            "expected one `{rule}` change, found {}:\n{:#?}",
            found.len(),
            report.changes
        );
    };
    assert_eq!(
        (change.wire, change.rust_api),
        (wire, rust_api),
        "verdicts (wire, rust_api) of `{rule}`: {change:#?}"
    );
    (*change).clone()
}

fn rules(report: &Report) -> Vec<&'static str> {
    report.changes.iter().map(|c| c.rule.id()).collect()
}

// ---- Operations ----------------------------------------------------------------------

const NEW_OPERATION: &str = r#"  list_branches:
    service: repo
    doc:
      title: Listing Branches
      section: CodeArts Repo / API Reference / APIs / Branch
      updated_on: "2026-05-01"
    method: GET
    path: /v4/repositories/{repository_id}/branches
    summary: List branches.
    description: Lists the branches of a repository.
    parameters:
      - name: repository_id
        in: path
        type: int32
        required: true
        description: Repository ID.
    responses:
      200:
        description: OK
        body: none

  show_repository_by_uuid:
"#;

#[test]
fn operation_added() {
    let c = expect(
        &[("  show_repository_by_uuid:\n", NEW_OPERATION)],
        "operation-added",
        C,
        C,
    );
    assert_eq!(c.operation.as_deref(), Some("list_branches"));
    assert_eq!(c.location, "operations.list_branches");
}

fn without_show_repository() -> String {
    let start = BASE.find("  show_repository_by_uuid:\n").unwrap();
    let end = BASE.find("models:\n").unwrap();
    format!("{}{}", &BASE[..start], &BASE[end..])
}

#[test]
fn operation_removed() {
    expect_between(BASE, &without_show_repository(), "operation-removed", B, B);
}

#[test]
fn operation_renamed_is_one_change_not_a_removal_and_an_addition() {
    let new = edit(&[(
        "  show_repository_by_uuid:\n    service",
        "  get_repository:\n    service",
    )]);
    let c = expect_between(BASE, &new, "operation-renamed", C, B);
    assert_eq!(c.operation.as_deref(), Some("get_repository"));
    assert_eq!(c.affects, ["get_repository", "show_repository_by_uuid"]);
    let report = diff_texts(BASE, &new);
    assert!(!rules(&report).contains(&"operation-added"), "{report:#?}");
    assert!(
        !rules(&report).contains(&"operation-removed"),
        "{report:#?}"
    );
}

#[test]
fn method_changed() {
    expect(
        &[(
            "method: GET\n    path: /v2/repositories",
            "method: POST\n    path: /v2/repositories",
        )],
        "operation-method-changed",
        B,
        C,
    );
}

#[test]
fn path_changed() {
    expect(
        &[("path: /v2/repositories/", "path: /v3/repositories/")],
        "operation-path-changed",
        B,
        C,
    );
}

#[test]
fn a_renamed_path_placeholder_is_not_a_path_change() {
    let new = edit(&[
        (
            "/v2/repositories/{repository_uuid}",
            "/v2/repositories/{uuid}",
        ),
        ("      - name: repository_uuid\n", "      - name: uuid\n"),
    ]);
    let report = diff_texts(BASE, &new);
    assert_eq!(
        rules(&report),
        ["request-parameter-renamed"; 2],
        "{report:#?}"
    );
    assert!(!report.is_breaking(), "{report:#?}");
    // The argument's name is not part of the API: the method's item changes, compatibly.
    let method = report
        .rust_items
        .iter()
        .find(|i| i.item == "Client::show_repository_by_uuid")
        .expect("the method's argument name changed");
    assert_eq!(method.rust_api, C, "{method:#?}");
}

#[test]
fn service_of_an_operation_changed() {
    let new = edit(&[
        (
            "services:\n",
            "services:\n  build:\n    title: CodeArts Build\n    description: Build service.\n    default_host: \"https://cloudbuild-ext.{region}.myhuaweicloud.com\"\n",
        ),
        (
            "  show_repository_by_uuid:\n    service: repo\n",
            "  show_repository_by_uuid:\n    service: build\n",
        ),
    ]);
    expect_between(BASE, &new, "operation-service-changed", B, C);
    // `Service` is non-exhaustive and endpoints are resolved per call: a new service
    // breaks neither matches on it nor clients built without an endpoint for it.
    let c = expect_between(BASE, &new, "service-added", C, C);
    assert!(c.message.contains("non-exhaustive"), "{c:#?}");
}

/// The base fixture (which declares no scheme, so its token parameter implies one) with
/// the token header and AK/SK signing declared and accepted by its service.
fn with_auth_schemes(base: &str) -> String {
    let text = edit_text(
        base,
        &[(
            "    default_host: \"https://codehub-ext.{region}.myhuaweicloud.com\"\n",
            "    default_host: \"https://codehub-ext.{region}.myhuaweicloud.com\"\n    auth: [iam_token, access_key]\n",
        )],
    );
    text + "
auth_schemes:
  iam_token:
    kind: token_header
    header: X-Auth-Token
    description: IAM user token.
  access_key:
    kind: sdk_hmac_sha256
    description: AK/SK signing.
"
}

#[test]
fn operation_auth_added_and_removed() {
    let both = with_auth_schemes(BASE);
    // Declaring the token scheme the parameter implied changes nothing; AK/SK signing is
    // new for each operation that took the token.
    let of = |report: &Report, rule: &str| -> Vec<(String, Verdict, Verdict, String)> {
        report
            .changes
            .iter()
            .filter(|c| c.rule.id() == rule)
            .map(|c| (c.location.clone(), c.wire, c.rust_api, c.message.clone()))
            .collect()
    };
    let added = of(&diff_texts(BASE, &both), "operation-auth-added");
    assert!(!added.is_empty());
    for (location, wire, rust_api, message) in &added {
        assert!(location.ends_with(".auth"), "{location}");
        assert_eq!((*wire, *rust_api), (C, C), "{message}");
        assert!(
            message.ends_with("now also accepts AK/SK signing (SDK-HMAC-SHA256)."),
            "{message}"
        );
    }
    assert!(of(&diff_texts(BASE, &both), "operation-auth-removed").is_empty());
    let removed = of(&diff_texts(&both, BASE), "operation-auth-removed");
    assert_eq!(removed.len(), added.len());
    for (_, wire, rust_api, message) in &removed {
        assert_eq!((*wire, *rust_api), (B, B), "{message}");
        assert!(
            message.contains("no longer accepts AK/SK signing"),
            "{message}"
        );
    }
}

#[test]
fn service_endpoint_changed() {
    expect(
        &[("https://codehub-ext.{region}", "https://repo-ext.{region}")],
        "service-endpoint-changed",
        B,
        C,
    );
}

// ---- Request parameters --------------------------------------------------------------

const OFFSET_PARAM: &str = "      - name: offset\n";

#[test]
fn optional_parameter_added() {
    let c = expect(
        &[(
            OFFSET_PARAM,
            "      - name: visibility\n        in: query\n        type: string\n        description: Visibility filter.\n      - name: offset\n",
        )],
        "request-parameter-added-optional",
        C,
        C,
    );
    assert_eq!(
        c.location,
        "operations.list_project_repositories.parameters.visibility"
    );
}

#[test]
fn required_parameter_added() {
    let c = expect(
        &[(
            OFFSET_PARAM,
            "      - name: team\n        in: query\n        type: string\n        required: true\n        description: Team.\n      - name: offset\n",
        )],
        "request-parameter-added-required",
        B,
        B,
    );
    assert!(
        c.message.contains("argument `team: impl Into<String>`"),
        "{c:#?}"
    );
}

const SEARCH_PARAM: &str = "      - name: search\n        in: query\n        type: string\n        description: Keyword that repositories must match.\n";

#[test]
fn parameter_removed() {
    expect(&[(SEARCH_PARAM, "")], "request-parameter-removed", B, B);
}

fn search_required() -> String {
    edit(&[(
        "        type: string\n        description: Keyword that",
        "        type: string\n        required: true\n        description: Keyword that",
    )])
}

#[test]
fn parameter_became_required() {
    expect_between(
        BASE,
        &search_required(),
        "request-parameter-became-required",
        B,
        B,
    );
}

#[test]
fn parameter_became_optional() {
    expect_between(
        &search_required(),
        BASE,
        "request-parameter-became-optional",
        C,
        B,
    );
}

#[test]
fn parameter_type_widened() {
    expect(
        &[(
            "        type: int32\n        description: Number of records to skip.",
            "        type: int64\n        description: Number of records to skip.",
        )],
        "request-parameter-type-changed",
        C,
        B,
    );
}

#[test]
fn parameter_type_narrowed() {
    expect(
        &[(
            "        type: string\n        description: Keyword",
            "        type: int32\n        description: Keyword",
        )],
        "request-parameter-type-changed",
        B,
        B,
    );
}

#[test]
fn parameter_type_renamed() {
    expect(
        &[("type_name: Offset\n", "type_name: SkipCount\n")],
        "request-parameter-type-renamed",
        C,
        B,
    );
}

#[test]
fn setter_renamed() {
    expect(
        &[(
            "        description: Keyword that repositories must match.\n",
            "        description: Keyword that repositories must match.\n        rust_name: keyword\n",
        )],
        "request-parameter-renamed",
        C,
        B,
    );
}

#[test]
fn parameter_location_changed() {
    expect(
        &[(
            "      - name: search\n        in: query\n",
            "      - name: search\n        in: header\n",
        )],
        "request-parameter-location-changed",
        B,
        C,
    );
}

#[test]
fn parameter_default_added() {
    expect(
        &[(
            "        description: Number of records to skip.\n",
            "        description: Number of records to skip.\n        default: 0\n",
        )],
        "request-parameter-default-added",
        C,
        C,
    );
}

#[test]
fn parameter_default_removed() {
    expect(
        &[("        default: 20\n", "")],
        "request-parameter-default-removed",
        C,
        B,
    );
}

#[test]
fn parameter_default_changed() {
    let c = expect(
        &[("        default: 20\n", "        default: 50\n")],
        "request-parameter-default-changed",
        B,
        C,
    );
    assert_eq!(
        c.location,
        "operations.list_project_repositories.parameters.limit.default"
    );
}

// ---- Request constraints -------------------------------------------------------------

#[test]
fn request_maximum_lowered_is_narrowed() {
    let c = expect(
        &[("        maximum: 100\n", "        maximum: 50\n")],
        "request-constraint-narrowed",
        B,
        C,
    );
    assert!(c.message.contains("maximum 100 → 50"), "{c:#?}");
    assert_eq!(
        c.location,
        "operations.list_project_repositories.parameters.limit.maximum"
    );
}

#[test]
fn request_minimum_raised_is_narrowed() {
    expect(
        &[("        minimum: 0\n", "        minimum: 5\n")],
        "request-constraint-narrowed",
        B,
        C,
    );
}

#[test]
fn request_max_length_lowered_is_narrowed() {
    // AuthToken is shared by both operations: one change each.
    let report = diff_texts(
        BASE,
        &BASE.replace("max_length: 100000\n", "max_length: 4096\n"),
    );
    assert_eq!(rules(&report), ["request-constraint-narrowed"; 2]);
    assert!(
        report
            .changes
            .iter()
            .all(|c| (c.wire, c.rust_api) == (B, C))
    );
}

#[test]
fn request_pattern_added_is_narrowed() {
    expect(
        &[(
            "        description: Keyword that repositories must match.\n",
            "        description: Keyword that repositories must match.\n        pattern: \"^[a-z]+$\"\n",
        )],
        "request-constraint-narrowed",
        B,
        C,
    );
}

#[test]
fn request_exact_length_added_is_narrowed() {
    expect(
        &[(
            "        description: Keyword that repositories must match.\n",
            "        description: Keyword that repositories must match.\n        length: 8\n",
        )],
        "request-constraint-narrowed",
        B,
        C,
    );
}

#[test]
fn request_maximum_raised_is_widened() {
    expect(
        &[("        maximum: 100\n", "        maximum: 500\n")],
        "request-constraint-widened",
        C,
        C,
    );
}

#[test]
fn a_widening_that_removes_a_constant_breaks_the_rust_api() {
    let c = expect(
        &[("        maximum: 100\n", "")],
        "request-constraint-widened",
        C,
        B,
    );
    assert!(c.message.contains("`Limit::MAX` disappears"), "{c:#?}");
}

// ---- Request enums -------------------------------------------------------------------

#[test]
fn request_enum_value_added() {
    let c = expect(
        &[(
            "          - value: name\n            description: Repository name.\n",
            "          - value: id\n            description: Repository ID.\n          - value: name\n            description: Repository name.\n",
        )],
        "request-enum-value-added",
        C,
        C,
    );
    assert!(c.message.contains("non_exhaustive"), "{c:#?}");
}

#[test]
fn request_enum_value_removed() {
    expect(
        &[(
            "          - value: created_at\n            description: Creation time.\n",
            "",
        )],
        "request-enum-value-removed",
        B,
        B,
    );
}

// ---- Responses -----------------------------------------------------------------------

const RESPONSE_401: &str = "      401:\n        description: Unauthorized\n        body: error\n        model: ErrorBody\n";

#[test]
fn error_status_added() {
    expect(
        &[(
            RESPONSE_401,
            &format!(
                "{RESPONSE_401}      403:\n        description: Forbidden\n        body: error\n        model: ErrorBody\n"
            ),
        )],
        "response-status-added",
        C,
        C,
    );
}

#[test]
fn error_status_removed() {
    expect(&[(RESPONSE_401, "")], "response-status-removed", C, C);
}

const LIST_EXAMPLE: &str = "      responses:\n        - status: 200\n          title: Repository list in a project\n          body: |\n            [ { \"id\" : 2112041493, \"name\" : \"test3\", \"security\" : \"internal\" } ]\n";

#[test]
fn success_body_changed() {
    let c = expect(
        &[
            ("        body: json_array\n", "        body: json\n"),
            (LIST_EXAMPLE, ""),
        ],
        "response-body-changed",
        B,
        B,
    );
    assert!(c.message.contains("`Vec<BasicRepositoryDto>`"), "{c:#?}");
}

#[test]
fn success_body_removed() {
    expect(
        &[
            (
                "        body: json_array\n        model: BasicRepositoryDto\n",
                "        body: none\n",
            ),
            (LIST_EXAMPLE, ""),
        ],
        "response-body-removed",
        B,
        B,
    );
}

#[test]
fn success_body_added() {
    let none = edit(&[
        (
            "        body: json_array\n        model: BasicRepositoryDto\n",
            "        body: none\n",
        ),
        (LIST_EXAMPLE, ""),
    ]);
    // Old clients ignored the body; `send()` now returns it.
    expect_between(
        &none,
        &edit(&[(LIST_EXAMPLE, "")]),
        "response-body-added",
        C,
        B,
    );
}

#[test]
fn success_status_moved() {
    let report = diff_texts(
        BASE,
        &edit(&[
            (
                "      200:\n        description: Repository list in a project\n",
                "      201:\n        description: Repository list in a project\n",
            ),
            (
                "        - status: 200\n          title: Repository list",
                "        - status: 201\n          title: Repository list",
            ),
        ]),
    );
    let added = report
        .changes
        .iter()
        .find(|c| c.rule == Rule::ResponseStatusAdded)
        .unwrap();
    // Any 2xx goes to the success decoder, which reads the same body.
    assert_eq!((added.wire, added.rust_api), (C, C), "{added:#?}");
    assert!(rules(&report).contains(&"response-status-removed"));
}

#[test]
fn error_body_changed() {
    let new = edit(&[
        (
            "        body: error\n        model: ErrorBody\n",
            "        body: error\n        model: AuthError\n",
        ),
        (
            "models:\n",
            "models:\n  AuthError:\n    description: Error body of a failed authentication.\n    fields:\n      - name: error_code\n        type: string\n        description: Code.\n      - name: error_msg\n        type: string\n        description: Message.\n      - name: hint\n        type: string\n        description: What to do.\n",
        ),
    ]);
    let c = expect_between(BASE, &new, "error-body-changed", C, C);
    assert!(c.docs_only, "{c:#?}");
}

#[test]
fn envelope_error_changed() {
    expect(
        &[(
            "          error:\n            type: model\n            model: EnvelopeError\n",
            "          error:\n            type: string\n",
        )],
        "error-body-changed",
        C,
        C,
    );
}

#[test]
fn envelope_status_values_changed() {
    expect(
        &[(
            "            - value: failed\n              description: The call failed.\n",
            "",
        )],
        "envelope-status-values-changed",
        C,
        C,
    );
}

// ---- Response fields -----------------------------------------------------------------

const WEB_URL: &str = "      - name: web_url\n        type: string\n        description: URL of the repository's page in the web console.\n";

#[test]
fn response_field_added() {
    let c = expect(
        &[(
            WEB_URL,
            &format!(
                "{WEB_URL}      - name: star\n        type: boolean\n        description: Whether the caller follows it.\n"
            ),
        )],
        "response-field-added",
        C,
        C,
    );
    assert_eq!(c.operation, None);
    assert_eq!(c.affects, ["show_repository_by_uuid"]);
    assert_eq!(c.location, "models.RepoInfo.fields.star");
}

#[test]
fn response_field_removed() {
    expect(&[(WEB_URL, "")], "response-field-removed", C, B);
}

#[test]
fn response_field_renamed() {
    expect(
        &[(
            WEB_URL,
            &format!("{WEB_URL}        rust_name: console_url\n"),
        )],
        "response-field-renamed",
        C,
        B,
    );
}

#[test]
fn response_field_type_widened_breaks_decoding() {
    // An old client's `Option<i32>` cannot hold an int64 the service may now send.
    expect(
        &[(
            "      - name: repository_id\n        type: int32\n",
            "      - name: repository_id\n        type: int64\n",
        )],
        "response-field-type-changed",
        B,
        B,
    );
}

#[test]
fn response_field_type_narrowed_still_decodes() {
    let wide = edit(&[(
        "      - name: repository_id\n        type: int32\n",
        "      - name: repository_id\n        type: int64\n",
    )]);
    expect_between(&wide, BASE, "response-field-type-changed", C, B);
}

const INTEGER_TOLERANT: (&str, &str) = (
    "        description: Repository status.\n",
    "        description: Repository status.\n        accept_integer: true\n",
);

#[test]
fn response_field_sent_as_integer_breaks_old_clients() {
    // The service is now documented to send integers, which an old `Option<String>`
    // without integer tolerance cannot decode; the Rust type stays the same.
    expect(&[INTEGER_TOLERANT], "response-field-type-changed", B, C);
}

#[test]
fn response_field_no_longer_sent_as_integer() {
    expect_between(
        &edit(&[INTEGER_TOLERANT]),
        BASE,
        "response-field-type-changed",
        C,
        C,
    );
}

#[test]
fn response_field_nullability_changed() {
    let c = expect(
        &[(WEB_URL, &format!("{WEB_URL}        nullable: true\n"))],
        "response-field-nullability-changed",
        C,
        C,
    );
    assert!(c.docs_only);
}

#[test]
fn response_max_length_lowered_is_narrowed() {
    expect(
        &[("        max_length: 100\n", "        max_length: 50\n")],
        "response-constraint-narrowed",
        C,
        C,
    );
}

#[test]
fn response_max_length_raised_is_widened() {
    let c = expect(
        &[("        max_length: 100\n", "        max_length: 255\n")],
        "response-constraint-widened",
        C,
        C,
    );
    assert!(c.message.contains("may now arrive"), "{c:#?}");
}

#[test]
fn response_minimum_lowered_is_widened() {
    expect(
        &[(
            "        description: Repository ID.\n        minimum: 1\n",
            "        description: Repository ID.\n        minimum: 0\n",
        )],
        "response-constraint-widened",
        C,
        C,
    );
}

#[test]
fn response_pattern_added_is_narrowed() {
    expect(
        &[(
            "        description: Repository name.\n        max_length: 100\n",
            "        description: Repository name.\n        max_length: 100\n        pattern: \"^[a-z0-9]+$\"\n",
        )],
        "response-constraint-narrowed",
        C,
        C,
    );
}

// ---- Response enums ------------------------------------------------------------------

const TENANT_INTERNAL: &str = "          - value: tenant_internal\n            description: Open to everyone in the tenant.\n";

#[test]
fn response_enum_value_added() {
    let c = expect(
        &[(
            TENANT_INTERNAL,
            &format!(
                "{TENANT_INTERNAL}          - value: internal\n            description: Internal.\n"
            ),
        )],
        "response-enum-value-added",
        C,
        C,
    );
    assert!(
        c.message.contains("`SecurityLevel::Unknown(\"internal\")`")
            && c.message.contains("changes behaviour"),
        "{c:#?}"
    );
}

#[test]
fn response_enum_value_removed() {
    expect(
        &[(TENANT_INTERNAL, "")],
        "response-enum-value-removed",
        C,
        B,
    );
}

#[test]
fn integer_response_enum_value_added() {
    expect(
        &[(
            "            name: \"No\"\n            description: Someone else created the repository.\n",
            "            name: \"No\"\n            description: Someone else created the repository.\n          - value: 2\n            name: Shared\n            description: Co-owned.\n",
        )],
        "response-enum-value-added",
        C,
        C,
    );
}

// ---- Pagination ----------------------------------------------------------------------

const PAGINATION: &str = "    pagination:\n      style: offset\n      cursor: offset\n      size: limit\n    examples:\n      request: GET";

fn paginated() -> String {
    edit(&[("    examples:\n      request: GET", PAGINATION)])
}

#[test]
fn pagination_added() {
    expect_between(BASE, &paginated(), "pagination-added", C, C);
}

#[test]
fn pagination_style_changed() {
    let page = edit_text(
        &paginated(),
        &[("      style: offset\n", "      style: page\n")],
    );
    expect_between(&paginated(), &page, "pagination-changed", B, C);
}

// ---- Documentation and quirks --------------------------------------------------------

#[test]
fn documentation_only_changes_are_reported_as_such() {
    let report = diff_texts(
        BASE,
        &edit(&[
            (
                "description: Returns one page of the repositories in a project.",
                "description: Returns one page of the repositories of a project, sorted.",
            ),
            ("updated_on: \"2026-04-28\"", "updated_on: \"2026-05-12\""),
            ("\"name\" : \"test3\"", "\"name\" : \"test4\""),
        ]),
    );
    let mut found = rules(&report);
    found.sort();
    assert_eq!(
        found,
        ["description-changed", "doc-page-changed", "example-changed"]
    );
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.docs_only && (c.wire, c.rust_api) == (C, C)),
        "{report:#?}"
    );
    assert_eq!(report.semver, Bump::Patch);
    assert!(report.rust_items.is_empty(), "{:#?}", report.rust_items);
}

const QUIRK: &str = "  security-value-outside-enum:\n    applies_to:\n      - models.BasicRepositoryDto.fields.security\n    observed: The page lists product_internal and tenant_internal, yet its example returns internal.\n    decision: Response enums keep values they do not list.\n";

#[test]
fn quirk_added() {
    let c = expect(
        &[(
            QUIRK,
            &format!(
                "{QUIRK}  envelope-error-type:\n    applies_to:\n      - operations.show_repository_by_uuid.responses.200\n    observed: The error member is sometimes a string.\n    decision: It is read leniently.\n"
            ),
        )],
        "quirk-added",
        C,
        C,
    );
    assert!(c.docs_only);
    assert_eq!(c.affects, ["show_repository_by_uuid"]);
}

#[test]
fn quirk_removed() {
    let c = expect(&[(QUIRK, "")], "quirk-removed", C, C);
    assert!(c.docs_only);
}

// ---- The report as a whole -----------------------------------------------------------

#[test]
fn identical_specs_produce_no_changes() {
    let report = diff_texts(BASE, BASE);
    assert!(report.is_empty(), "{report:#?}");
    assert!(!report.is_breaking());
    assert_eq!(report.semver, Bump::None);
}

#[test]
fn the_real_spec_against_itself_produces_no_changes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let ir = codegen::load_ir(&spec).unwrap_or_else(|d| panic!("the real spec is invalid:\n{d}"));
    let report = diff::diff(&ir, &ir).unwrap();
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    for id in &ids {
        assert!(
            id.split('-').all(|w| !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "`{id}` is not kebab-case"
        );
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate rule ids");
}

#[test]
fn semver_follows_the_worst_change() {
    let optional = edit(&[(
        OFFSET_PARAM,
        "      - name: visibility\n        in: query\n        type: string\n        description: Visibility filter.\n      - name: offset\n",
    )]);
    assert_eq!(diff_texts(BASE, &optional).semver, Bump::Minor);
    let required = edit(&[(
        OFFSET_PARAM,
        "      - name: team\n        in: query\n        type: string\n        required: true\n        description: Team.\n      - name: offset\n",
    )]);
    assert_eq!(diff_texts(BASE, &required).semver, Bump::Major);
}

#[test]
fn public_rust_items_show_the_code_consequence() {
    let report = diff_texts(
        BASE,
        &edit(&[
            (
                "          - value: name\n            description: Repository name.\n",
                "          - value: id\n            description: Repository ID.\n          - value: name\n            description: Repository name.\n",
            ),
            (
                TENANT_INTERNAL,
                &format!(
                    "{TENANT_INTERNAL}          - value: internal\n            description: Internal.\n"
                ),
            ),
            (WEB_URL, ""),
            ("        maximum: 100\n", "        maximum: 50\n"),
        ]),
    );
    let item = |path: &str| {
        report
            .rust_items
            .iter()
            .find(|i| i.item == path)
            .unwrap_or_else(|| panic!("no item change for {path}: {:#?}", report.rust_items))
    };
    // Request and response enums are both `#[non_exhaustive]`: a new value is compatible.
    assert_eq!(item("OrderBy::Id").rust_api, C);
    assert_eq!(item("SecurityLevel::Internal").rust_api, C);
    assert_eq!(item("RepoInfo::web_url").rust_api, B);
    let max = item("Limit::MAX");
    assert_eq!(max.rust_api, C, "only the value changed: {max:#?}");
    assert_eq!(max.new.as_deref(), Some("pub const MAX: i32 = 50"));
}

#[test]
fn a_removed_type_is_reported_once_with_its_members() {
    // Without its only constraint, `project_id` needs no newtype: `ProjectId` goes.
    let report = diff_texts(
        BASE,
        &edit(&[("        length: 32\n        type_name: ProjectId\n", "")]),
    );
    let removed: Vec<&str> = report
        .rust_items
        .iter()
        .filter(|i| i.item.contains("ProjectId"))
        .map(|i| i.item.as_str())
        .collect();
    assert_eq!(removed, ["ProjectId"], "{:#?}", report.rust_items);
    let c = report
        .changes
        .iter()
        .find(|c| c.rule == Rule::RequestConstraintWidened)
        .unwrap();
    assert_eq!((c.wire, c.rust_api), (C, B), "{c:#?}");
}

/// Several edits at once, for the golden snapshot: breaking, compatible and documentation
/// changes across both operations, a model and the quirks.
fn multi_change() -> String {
    edit(&[
        (
            OFFSET_PARAM,
            "      - name: team\n        in: query\n        type: string\n        required: true\n        description: Team.\n      - name: offset\n",
        ),
        ("        maximum: 100\n", "        maximum: 50\n"),
        (
            "          - value: name\n            description: Repository name.\n",
            "          - value: id\n            description: Repository ID.\n          - value: name\n            description: Repository name.\n",
        ),
        (
            TENANT_INTERNAL,
            &format!(
                "{TENANT_INTERNAL}          - value: internal\n            description: Internal.\n"
            ),
        ),
        (WEB_URL, ""),
        (
            "method: GET\n    path: /v2/repositories",
            "method: POST\n    path: /v2/repositories",
        ),
        ("updated_on: \"2026-04-28\"", "updated_on: \"2026-05-12\""),
        (QUIRK, ""),
    ])
}

#[test]
fn markdown_report_matches_its_snapshot() {
    let report = diff_texts(BASE, &multi_change());
    let markdown = diff::render::markdown(&report, "HEAD:spec", "spec").unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/diff/report.md");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &markdown).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == markdown,
        "the Markdown report changed; if intended, run `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test diff`\n--- now:\n{markdown}"
    );
}

#[test]
fn markdown_puts_breaking_changes_first_and_ends_with_the_semver() {
    let report = diff_texts(BASE, &multi_change());
    let markdown = diff::render::markdown(&report, "HEAD:spec", "spec").unwrap();
    let position = |s: &str| {
        markdown
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} missing:\n{markdown}"))
    };
    assert!(position("### Breaking changes") < position("### Compatible changes"));
    assert!(position("### Compatible changes") < position("### Documentation only"));
    assert!(position("### Documentation only") < position("### Public Rust items"));
    assert!(
        position("#### Operation `list_project_repositories`") < position("#### Model `RepoInfo`")
    );
    let last = markdown.trim_end().lines().last().unwrap();
    assert!(last.starts_with("**Semver: major**"), "{last}");
    assert!(last.contains("0.(x+1).0"), "{last}");
}

#[test]
fn json_report_has_the_changes_and_the_semver() {
    let report = diff_texts(BASE, &multi_change());
    let json: serde_json::Value = serde_json::from_str(&diff::render::json(&report)).unwrap();
    assert_eq!(json["semver"], "major");
    let first = &json["changes"][0];
    for key in [
        "rule",
        "operation",
        "location",
        "message",
        "wire",
        "rust_api",
    ] {
        assert!(first.get(key).is_some(), "no `{key}` in {first}");
    }
    assert!(
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "request-parameter-added-required"
                && c["wire"] == "breaking"
                && c["rust_api"] == "breaking")
    );
}

#[test]
fn the_report_is_deterministic() {
    let new = multi_change();
    let first = diff::render::markdown(&diff_texts(BASE, &new), "a", "b").unwrap();
    for _ in 0..3 {
        assert_eq!(
            diff::render::markdown(&diff_texts(BASE, &new), "a", "b").unwrap(),
            first
        );
    }
}

#[test]
fn a_model_source_note_is_a_note_change() {
    let c = expect(
        &[(
            "  BasicRepositoryDto:\n    description: Summary of one repository in a project's repository list.\n",
            "  BasicRepositoryDto:\n    description: Summary of one repository in a project's repository list.\n    inferred: Fields from the SDK's model.\n",
        )],
        "note-changed",
        C,
        C,
    );
    assert_eq!(c.location, "models.BasicRepositoryDto.inferred");
    assert!(c.docs_only, "{c:#?}");
}

/// The small fixture, whose `list_shelves` walks the `shelves` field of its page object.
const SMALL: &str = include_str!("fixtures/small/spec.yaml");

#[test]
fn the_field_a_walk_reads_its_items_from_changed() {
    let new = edit_text(
        SMALL,
        &[
            ("      items: shelves\n", "      items: rows\n"),
            (
                "      - name: total\n        type: int32\n        description: Shelves in all.\n",
                "      - name: total\n        type: int32\n        description: Shelves in all.\n      - name: rows\n        type: array\n        model: Item\n        description: The shelves, under their new name.\n",
            ),
        ],
    );
    // Existing clients read the old field, which the service no longer fills.
    let c = expect_between(SMALL, &new, "pagination-changed", B, C);
    assert_eq!(c.location, "operations.list_shelves.pagination.items");
    assert!(c.message.contains("`shelves` → `rows`"), "{c:#?}");
}

#[test]
fn parameter_example_added_changed_and_removed_are_documentation() {
    let with = |example: &str| {
        edit(&[(
            "        description: Number of records to skip.\n",
            &format!(
                "        description: Number of records to skip.\n        example: {example}\n"
            ),
        )])
    };
    let plain = edit(&[]);
    for (old, new, message) in [
        (plain.clone(), with("5"), "now has the example 5"),
        (with("5"), with("7"), "5 → 7"),
        (with("7"), plain.clone(), "no longer has the example 7"),
    ] {
        let c = expect_between(&old, &new, "example-changed", C, C);
        assert!(c.docs_only, "{c:?}");
        assert!(c.message.contains(message), "{}", c.message);
        assert!(c.location.ends_with(".example"), "{}", c.location);
    }
}

#[test]
fn idempotency_follows_the_method_unless_the_spec_says_otherwise() {
    let marked = edit(&[(
        "method: GET\n    path: /v2/repositories",
        "method: GET\n    idempotent: false\n    path: /v2/repositories",
    )]);
    let c = expect_between(&edit(&[]), &marked, "operation-idempotency-changed", C, C);
    assert!(
        c.message.contains("no longer marked idempotent"),
        "{}",
        c.message
    );
    assert!(c.location.ends_with(".idempotent"), "{}", c.location);
    // A GET turned POST is no longer idempotent by default.
    let posted = edit(&[(
        "method: GET\n    path: /v2/repositories",
        "method: POST\n    path: /v2/repositories",
    )]);
    let report = diff_texts(&edit(&[]), &posted);
    assert!(
        rules(&report).contains(&"operation-idempotency-changed"),
        "{:?}",
        rules(&report)
    );
    // A POST the spec marks idempotent is the same as a GET in this respect.
    let posted_idempotent = edit(&[(
        "method: GET\n    path: /v2/repositories",
        "method: POST\n    idempotent: true\n    path: /v2/repositories",
    )]);
    let report = diff_texts(&edit(&[]), &posted_idempotent);
    assert!(
        !rules(&report).contains(&"operation-idempotency-changed"),
        "{:?}",
        rules(&report)
    );
}

#[test]
fn deprecating_an_operation_a_parameter_or_a_field_is_compatible() {
    for (from, to, at) in [
        (
            "method: GET\n    path: /v2/repositories",
            "method: GET\n    deprecated: Use the v4 lookup.\n    path: /v2/repositories",
            ".deprecated",
        ),
        (
            "        description: Number of records to skip.\n",
            "        description: Number of records to skip.\n        deprecated: \"\"\n",
            "offset.deprecated",
        ),
    ] {
        let old = edit(&[]);
        let new = edit(&[(from, to)]);
        let c = expect_between(&old, &new, "deprecation-changed", C, C);
        assert!(
            !c.docs_only,
            "a warning for callers is not documentation only"
        );
        assert!(c.location.ends_with(at), "{}", c.location);
        assert!(c.message.contains("now deprecated"), "{}", c.message);
        let back = expect_between(&new, &old, "deprecation-changed", C, C);
        assert!(
            back.message.contains("no longer deprecated"),
            "{}",
            back.message
        );
    }
}

#[test]
fn a_new_iam_action_is_wire_breaking_and_a_dropped_one_is_not() {
    let with = |level: &str| {
        edit(&[(
            "method: GET\n    path: /v2/repositories",
            &format!(
                "method: GET\n    authorization:\n      - action: codeartsrepo:repository:getRepository\n        access_level: {level}\n    path: /v2/repositories"
            ),
        )])
    };
    let plain = edit(&[]);
    let added = expect_between(&plain, &with("Read"), "authorization-changed", B, C);
    assert!(
        added
            .message
            .contains("now need `codeartsrepo:repository:getRepository`")
    );
    assert!(
        added
            .location
            .ends_with("authorization.codeartsrepo:repository:getRepository")
    );
    let changed = expect_between(&with("Read"), &with("Write"), "authorization-changed", B, C);
    assert!(
        changed.message.contains("Read → Write"),
        "{}",
        changed.message
    );
    let dropped = expect_between(&with("Read"), &plain, "authorization-changed", C, C);
    assert!(
        dropped.message.contains("no longer need"),
        "{}",
        dropped.message
    );
}

#[test]
fn the_default_of_a_required_parameter_changes_nothing_on_the_wire() {
    let with = |d: &str| {
        edit(&[(
            "        description: Repository UUID.\n",
            &format!("        description: Repository UUID.\n        default: {d}\n"),
        )])
    };
    let c = expect_between(
        &with("a"),
        &with("b"),
        "request-parameter-default-changed",
        C,
        C,
    );
    assert!(
        c.message.contains("every call passes a value"),
        "{}",
        c.message
    );
}

// ---------------------------------------------------------------------------------------
// Request bodies and request models, judged in the request direction

const BODY: &str = "    body:
      description: The branch.
      type: model
      model: NewBranch
      required: true
";

const NAME_FIELD: &str = "      - name: name
        type: string
        required: true
        description: Branch name.
";

const REF_FIELD: &str = "      - name: ref
        type: string
        description: Where the branch starts.
";

/// `BASE` with a POST operation that sends `body` (YAML under the operation) and a
/// request model `NewBranch` of `fields`.
fn with_body(body: &str, fields: &str) -> String {
    let op = format!(
        "  create_branch:
    service: repo
    doc:
      title: Creating a Branch
      section: CodeArts Repo / API Reference / APIs / Branch
      updated_on: \"2026-05-01\"
    method: POST
    path: /v4/branches
    summary: Create a branch.
    description: Creates a branch.
{body}    responses:
      204:
        description: Created.
        body: none

  show_repository_by_uuid:
"
    );
    let model = format!(
        "models:\n  NewBranch:\n    description: A branch to create.\n    fields:\n{fields}\n"
    );
    edit(&[("  show_repository_by_uuid:\n", &op), ("models:\n", &model)])
}

#[test]
fn request_body_added_and_removed() {
    let without = with_body("", NAME_FIELD);
    let with = with_body(BODY, NAME_FIELD);
    expect_between(&without, &with, "request-body-added", B, B);
    let optional = with_body(
        &BODY.replace("required: true", "required: false"),
        NAME_FIELD,
    );
    expect_between(&without, &optional, "request-body-added", C, C);
    expect_between(&with, &without, "request-body-removed", C, B);
}

#[test]
fn request_body_required_and_type_changed() {
    let with = with_body(BODY, NAME_FIELD);
    let optional = with_body(
        &BODY.replace("required: true", "required: false"),
        NAME_FIELD,
    );
    expect_between(&with, &optional, "request-body-required-changed", C, B);
    expect_between(&optional, &with, "request-body-required-changed", B, B);
    let array = with_body(&BODY.replace("type: model", "type: array"), NAME_FIELD);
    expect_between(&with, &array, "request-body-type-changed", B, B);
}

#[test]
fn request_fields_added_removed_and_made_required() {
    let base = with_body(BODY, NAME_FIELD);
    let with_ref = with_body(BODY, &format!("{NAME_FIELD}{REF_FIELD}"));
    expect_between(&base, &with_ref, "request-field-added", C, C);
    let required_ref = with_body(
        BODY,
        &format!(
            "{NAME_FIELD}{}",
            REF_FIELD.replace("type: string\n", "type: string\n        required: true\n")
        ),
    );
    expect_between(&base, &required_ref, "request-field-added", B, B);
    expect_between(&with_ref, &base, "request-field-removed", C, B);
    expect_between(
        &with_ref,
        &required_ref,
        "request-field-required-changed",
        B,
        B,
    );
    expect_between(
        &required_ref,
        &with_ref,
        "request-field-required-changed",
        C,
        B,
    );
}

// ---- Numbers and maps ----------------------------------------------------------------

/// The base fixture with a `number` query parameter of `keys` on the listing.
fn with_ratio(keys: &str) -> String {
    edit(&[(
        "        description: Keyword that repositories must match.\n",
        &format!(
            "        description: Keyword that repositories must match.\n      - name: ratio\n        in: query\n        type: number\n        description: Share.\n{keys}"
        ),
    )])
}

#[test]
fn a_number_bound_moving_by_a_fraction_is_judged_as_a_number() {
    let old = with_ratio("        maximum: 1.5\n");
    let c = expect_between(
        &old,
        &with_ratio("        maximum: 1.25\n"),
        "request-constraint-narrowed",
        B,
        C,
    );
    assert!(c.message.contains("maximum 1.5 → 1.25"), "{c:#?}");
    expect_between(
        &old,
        &with_ratio("        maximum: 2\n"),
        "request-constraint-widened",
        C,
        C,
    );
}

#[test]
fn an_exclusive_bound_added_narrows() {
    let c = expect_between(
        &with_ratio(""),
        &with_ratio("        exclusive_minimum: 0\n"),
        "request-constraint-narrowed",
        B,
        C,
    );
    assert!(c.message.contains("exclusive_minimum 0 added"), "{c:#?}");
}

#[test]
fn a_response_integer_becoming_a_number_breaks_old_clients_not_new_ones() {
    let number = edit(&[(
        "      - name: repository_id\n        type: int32\n",
        "      - name: repository_id\n        type: number\n",
    )]);
    // An old `Option<i32>` cannot hold 1.5; a new `Option<f64>` reads every integer.
    expect_between(BASE, &number, "response-field-type-changed", B, B);
    expect_between(&number, BASE, "response-field-type-changed", C, B);
}

#[test]
fn a_map_value_type_change_is_judged_through_the_map() {
    let map = |items: &str| {
        edit(&[(
            "        description: Numeric primary key of the repository.\n",
            &format!(
                "        description: Numeric primary key of the repository.\n      - name: labels\n        type: map\n        items: {items}\n        description: Labels.\n"
            ),
        )])
    };
    expect_between(
        &map("int32"),
        &map("int64"),
        "response-field-type-changed",
        B,
        B,
    );
    expect_between(
        &map("int64"),
        &map("int32"),
        "response-field-type-changed",
        C,
        B,
    );
}

#[test]
fn a_request_model_that_responses_start_carrying_changes_its_required_fields() {
    let sent = with_body(BODY, NAME_FIELD);
    let answered = sent.replace(
        "      204:\n        description: Created.\n        body: none\n",
        "      200:\n        description: Created.\n        body: json\n        model: NewBranch\n",
    );
    let c = expect_between(&sent, &answered, "request-model-read-changed", C, B);
    assert!(
        c.message
            .contains("its required fields (name) become `Option`s"),
        "{c:#?}"
    );
    expect_between(&answered, &sent, "request-model-read-changed", C, B);
    // Without required fields nothing a caller wrote changes type.
    let optional = |t: &str| {
        t.replace(
            "        required: true\n        description: Branch name.",
            "        description: Branch name.",
        )
    };
    expect_between(
        &optional(&sent),
        &optional(&answered),
        "request-model-read-changed",
        C,
        C,
    );
}

const MAY_BE_EMPTY: (&str, &str) = (
    "        body: json_array\n        model: BasicRepositoryDto\n",
    "        body: json_array\n        model: BasicRepositoryDto\n        may_be_empty: true\n",
);

#[test]
fn a_success_that_may_become_empty_breaks_old_clients() {
    // Old clients cannot read no content; new ones return an `Option`.
    let c = expect(&[MAY_BE_EMPTY], "response-body-changed", B, B);
    assert!(c.message.contains("or no content"), "{c:#?}");
    assert!(
        c.message.contains("`Option<Vec<BasicRepositoryDto>>`"),
        "{c:#?}"
    );
}

#[test]
fn a_success_that_is_always_sent_again_is_read_by_old_clients() {
    let old = edit(&[MAY_BE_EMPTY]);
    expect_between(&old, BASE, "response-body-changed", C, B);
}

/// `with_body` whose `NewBranch` (of `fields`) is also the answer: a model sent and read.
fn sent_and_read(fields: &str) -> String {
    with_body(BODY, fields).replace(
        "      204:\n        description: Created.\n        body: none\n",
        "      200:\n        description: Created.\n        body: json\n        model: NewBranch\n",
    )
}

#[test]
fn a_model_sent_and_read_is_judged_once_per_field_change() {
    let both = format!("{NAME_FIELD}{REF_FIELD}");
    // A removed optional field: its setter and its public field go, breaking the Rust
    // API; old clients still send it and read its absence as `None`.
    let removed = diff_texts(&sent_and_read(&both), &sent_and_read(NAME_FIELD));
    let found: Vec<_> = removed
        .changes
        .iter()
        .filter(|c| c.location.ends_with("fields.ref"))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one change, not a request and a response one: {found:#?}"
    );
    assert_eq!(found[0].rust_api, B, "{found:#?}");
    // An added optional field: nothing breaks either way.
    let added = diff_texts(&sent_and_read(NAME_FIELD), &sent_and_read(&both));
    let found: Vec<_> = added
        .changes
        .iter()
        .filter(|c| c.location.ends_with("fields.ref"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].wire, found[0].rust_api), (C, C), "{found:#?}");
}

// A required field, added or removed, weighs more as sent than as read (a response model
// reads every field as optional), so the request rules are the whole verdict.
#[test]
fn a_required_field_of_a_model_sent_and_read_is_judged_as_sent() {
    let required_ref =
        REF_FIELD.replace("type: string\n", "type: string\n        required: true\n");
    let both = format!("{NAME_FIELD}{required_ref}");
    let on_ref = |changes: &[Change]| -> Vec<(Verdict, Verdict)> {
        changes
            .iter()
            .filter(|c| c.location.ends_with("fields.ref"))
            .map(|c| (c.wire, c.rust_api))
            .collect()
    };
    // Added: old callers cannot send it, and the constructor takes one more argument.
    let added = diff_texts(&sent_and_read(NAME_FIELD), &sent_and_read(&both));
    assert_eq!(on_ref(&added.changes), [(B, B)], "{:#?}", added.changes);
    // Removed: the service is sent a field it no longer reads, and the constructor
    // loses an argument.
    let removed = diff_texts(&sent_and_read(&both), &sent_and_read(NAME_FIELD));
    assert_eq!(on_ref(&removed.changes), [(C, B)], "{:#?}", removed.changes);
}

#[test]
fn a_page_file_named_or_a_page_fact_overridden_changes_only_docs() {
    let c = expect(
        &[(
            "      updated_on: \"2026-04-28\"\n",
            "      updated_on: \"2026-04-28\"\n      page: repo-v4-list-project-repositories.txt\n",
        )],
        "doc-page-changed",
        C,
        C,
    );
    assert!(c.docs_only && c.location.ends_with(".doc.page"), "{c:#?}");
    let c = expect(
        &[(
            QUIRK,
            &format!(
                "{QUIRK}    overrides:\n      - rule: field-enum\n        at: models.BasicRepositoryDto.fields.security\n        page: product_internal, tenant_internal\n"
            ),
        )],
        "quirk-changed",
        C,
        C,
    );
    assert!(c.docs_only && c.location.ends_with(".overrides"), "{c:#?}");
}
