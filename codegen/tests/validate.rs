//! The spec validator, rule by rule: a minimal valid spec, then one test per rule that
//! breaks exactly that rule and checks what is reported and where (file, line, spec path).
//!
//! Fixtures are YAML text held in memory and mutated with `replace`, so each test shows
//! the one edit that breaks its rule, and expected lines are computed from the text the
//! test actually loads rather than written down by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::load::{self, SourceFile};
use codegen::{Diagnostic, Diagnostics, validate};

/// File name of the main fixture, as diagnostics report it.
const FILE: &str = "spec/branches.yaml";

/// File name of the second fixture file, for rules that span files.
const OTHER_FILE: &str = "spec/tags.yaml";

/// One service, one operation (a path parameter, a constrained query parameter with a
/// default, an enum with a default, a plain query parameter, the auth header), a 200 JSON
/// response with a model, a 401 error response with `ErrorBody`, an example of each, and
/// a quirk. Field `id` accepts integers and `commit_id` is nullable, and the 200 example
/// relies on both.
const SPEC: &str = r#"services:
  repo:
    title: CodeArts Repo
    description: Git hosting service.
    default_host: "https://codehub-ext.{region}.myhuaweicloud.com"
    region_hosts:
      af-north-1: "https://repo.af-north-1.myhuaweicloud.com"

operations:
  list_branches:
    service: repo
    doc:
      title: Listing the Branches of a Repository
      section: CodeArts Repo / API Reference / APIs / V4 / Branch
      updated_on: "2026-04-28"
    method: GET
    path: /v4/repositories/{repository_id}/branches
    summary: List the branches of a repository.
    description: Returns one page of the branches of a repository.
    parameters:
      - name: repository_id
        in: path
        type: int32
        required: true
        description: Repository ID.
        minimum: 1
        maximum: 2147483647
        type_name: RepositoryId
      - name: limit
        in: query
        type: int32
        description: Number of records to return.
        default: 20
        minimum: 1
        maximum: 100
        type_name: Limit
      - name: sort
        in: query
        type: string
        description: Sort direction.
        default: desc
        enum:
          - value: asc
            description: Ascending order.
          - value: desc
            description: Descending order.
        type_name: SortOrder
      - name: search
        in: query
        type: string
        description: Keyword that branch names must contain.
      - name: X-Auth-Token
        in: header
        type: string
        required: true
        description: IAM user token.
        min_length: 1
        max_length: 100000
        type_name: AuthToken
        sensitive: true
        auth: true
    responses:
      200:
        description: One page of branches.
        body: json
        model: BranchPage
      401:
        description: The token is missing or invalid.
        body: error
        model: ErrorBody
    examples:
      request: GET https://{endpoint}/v4/repositories/2112041493/branches?limit=20
      responses:
        - status: 200
          title: One page of branches
          body: |
            {
              "total" : 1,
              "branches" : [ {
                "id" : 4267732,
                "ref_name" : "master",
                "protected" : true,
                "commit_id" : null
              } ]
            }
        - status: 401
          title: Invalid token
          body: |
            {
              "error_code" : "DEV.00000003",
              "error_msg" : "Invalid token."
            }

models:
  BranchPage:
    description: One page of branches.
    fields:
      - name: total
        type: int64
        description: Number of branches in the repository.
      - name: branches
        type: array
        model: Branch
        description: The branches of this page.
  Branch:
    description: One branch of a repository.
    fields:
      - name: id
        type: string
        accept_integer: true
        description: Branch ID.
      - name: ref_name
        type: string
        description: Name of the branch.
      - name: protected
        type: boolean
        description: Whether the branch is protected.
      - name: commit_id
        type: string
        nullable: true
        description: Last commit of the branch; null for an empty branch.
  ErrorBody:
    description: Error body of a failed call.
    fields:
      - name: error_code
        type: string
        description: Service error code.
      - name: error_msg
        type: string
        description: Human-readable explanation of the error.

quirks:
  branch-id-integer:
    applies_to:
      - models.Branch.fields.id
    observed: The page types id as String, but its example sends an integer.
    decision: The field accepts a JSON string or a JSON integer.
"#;

/// A second operation, in its own file, whose `repository_id` has the same type as the
/// first operation's and whose `limit` shares the `Limit` type name.
const TAGS: &str = r#"operations:
  list_tags:
    service: repo
    doc:
      title: Listing the Tags of a Repository
      section: CodeArts Repo / API Reference / APIs / V4 / Tag
      updated_on: "2026-04-28"
    method: GET
    path: /v4/repositories/{repository_id}/tags
    summary: List the tags of a repository.
    description: Returns one page of the tags of a repository.
    parameters:
      - name: repository_id
        in: path
        type: int32
        required: true
        description: Repository ID.
        minimum: 1
        maximum: 2147483647
        type_name: RepositoryId
      - name: limit
        in: query
        type: int32
        description: Number of records to return.
        default: 20
        minimum: 1
        maximum: 100
        type_name: Limit
    responses:
      200:
        description: One page of tags.
        body: json
        model: BranchPage
"#;

// ---------------------------------------------------------------------------------------
// Helpers

fn source(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text: text.to_string(),
    }
}

/// Loads and validates in-memory files, as `generate` does from disk.
fn check_files(files: &[(&str, &str)]) -> Result<(), Diagnostics> {
    let spec = load::parse(files.iter().map(|(p, t)| source(p, t)).collect())?;
    validate::check(&spec)
}

/// Asserts that the files load and validate cleanly.
#[track_caller]
fn assert_valid_files(files: &[(&str, &str)]) {
    if let Err(diags) = check_files(files) {
        panic!("expected a valid spec, got:\n{diags}");
    }
}

#[track_caller]
fn assert_valid(text: &str) {
    assert_valid_files(&[(FILE, text)]);
}

/// The diagnostics of files that must fail to load or validate.
#[track_caller]
fn invalid_files(files: &[(&str, &str)]) -> Diagnostics {
    match check_files(files) {
        Ok(()) => panic!("expected the spec to be rejected, but it is valid"),
        Err(diags) => diags,
    }
}

#[track_caller]
fn invalid(text: &str) -> Diagnostics {
    invalid_files(&[(FILE, text)])
}

/// `text` with `from` replaced by `to`; `from` must occur exactly once, so that a
/// mutation can never silently miss and leave the fixture valid.
#[track_caller]
fn edit(text: &str, from: &str, to: &str) -> String {
    let count = text.matches(from).count();
    assert_eq!(count, 1, "`{from}` occurs {count} times in the fixture");
    text.replacen(from, to, 1)
}

/// `text` with `lines` inserted after the line that contains `anchor`, which must be
/// unique. `lines` are given without their trailing newline.
#[track_caller]
fn insert_after(text: &str, anchor: &str, lines: &str) -> String {
    let line = line(text, &[anchor]);
    let mut out: Vec<&str> = text.lines().collect();
    out.splice(line..line, lines.lines());
    out.join("\n") + "\n"
}

/// `SPEC` with extra models appended at the end of `models:`.
fn with_models(models: &str) -> String {
    edit(SPEC, "\nquirks:\n", &format!("{models}\nquirks:\n"))
}

/// The 1-based line of a marker: the first marker must occur on exactly one line; each
/// further marker is looked for from the line of the previous one onward, so
/// `&["- name: limit", "minimum:"]` is the `minimum` of `limit`.
#[track_caller]
fn line(text: &str, markers: &[&str]) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let (first, rest) = markers.split_first().expect("at least one marker");
    let hits: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(first))
        .collect();
    assert_eq!(hits.len(), 1, "`{first}` is on lines {hits:?}, not on one");
    let mut at = hits[0];
    for marker in rest {
        at += lines[at..]
            .iter()
            .position(|l| l.contains(marker))
            .unwrap_or_else(|| panic!("no `{marker}` after line {}", at + 1));
    }
    at + 1
}

/// What a diagnostic must say and where.
struct Expected<'a> {
    file: &'a str,
    line: usize,
    path: &'a str,
    message: &'a str,
}

impl Expected<'_> {
    fn matches(&self, d: &Diagnostic) -> bool {
        d.message.contains(self.message)
            && d.location.file.as_deref() == Some(Path::new(self.file))
            && d.location.line == Some(self.line)
            && d.location.path == self.path
    }
}

impl std::fmt::Display for Expected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: …{}…",
            self.file, self.line, self.path, self.message
        )
    }
}

/// Asserts that one of the diagnostics is the expected one; prints them all if not.
#[track_caller]
fn assert_reports(diags: &Diagnostics, expected: Expected) {
    assert!(
        diags.iter().any(|d| expected.matches(d)),
        "expected\n  {expected}\namong\n{diags}"
    );
}

/// Asserts that the expected diagnostic is the only one.
#[track_caller]
fn assert_only(diags: &Diagnostics, expected: Expected) {
    assert_reports(diags, expected);
    assert_eq!(
        diags.len(),
        1,
        "expected exactly one problem, got:\n{diags}"
    );
}

/// An expected diagnostic in the main fixture file.
fn at<'a>(line: usize, path: &'a str, message: &'a str) -> Expected<'a> {
    Expected {
        file: FILE,
        line,
        path,
        message,
    }
}

const OP: &str = "operations.list_branches";

fn op(rest: &str) -> String {
    format!("{OP}.{rest}")
}

// ---------------------------------------------------------------------------------------
// The fixtures themselves

#[test]
fn minimal_spec_is_valid() {
    assert_valid(SPEC);
}

#[test]
fn two_files_sharing_identical_parameter_types_are_valid() {
    assert_valid_files(&[(FILE, SPEC), (OTHER_FILE, TAGS)]);
}

// ---------------------------------------------------------------------------------------
// Loading: syntax, unknown keys, names defined twice

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let spec = edit(
        SPEC,
        "    summary: List the branches of a repository.",
        "    summary: List: the branches of a repository.",
    );
    let diags = invalid(&spec);
    assert_eq!(diags.len(), 1, "{diags}");
    let d = diags.iter().next().unwrap();
    let line = line(&spec, &["summary: List:"]);
    // libyaml points at the second `:`, which cannot start a mapping value there; columns
    // are 1-based.
    let column = spec.lines().nth(line - 1).unwrap().find("List:").unwrap() + "List".len() + 1;
    assert_eq!(d.location.file.as_deref(), Some(Path::new(FILE)), "{d}");
    assert_eq!(d.location.line, Some(line), "{d}");
    assert_eq!(d.location.column, Some(column), "{d}");
    assert!(d.message.contains("mapping values are not allowed"), "{d}");
}

#[test]
fn unknown_key_is_a_load_error() {
    let spec = insert_after(SPEC, "description: Keyword that", "        requried: true");
    let diags = invalid(&spec);
    assert_only(
        &diags,
        at(
            line(&spec, &["requried: true"]),
            "",
            "unknown field `requried`",
        ),
    );
}

#[test]
fn name_defined_in_two_files() {
    let other = "models:\n  Branch:\n    description: Another branch.\n    fields: []\n";
    let diags = invalid_files(&[(FILE, SPEC), (OTHER_FILE, other)]);
    let first_line = line(SPEC, &["  Branch:"]);
    let message = format!("`Branch` is already defined in {FILE}:{first_line}");
    assert_only(
        &diags,
        Expected {
            file: OTHER_FILE,
            line: line(other, &["  Branch:"]),
            path: "models.Branch",
            message: &message,
        },
    );
}

// ---------------------------------------------------------------------------------------
// Services and operations

#[test]
fn service_host_must_be_https() {
    let spec = edit(SPEC, "\"https://codehub-ext.", "\"http://codehub-ext.");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default_host:"]),
            "services.repo.default_host",
            "must be an https:// URL whose only placeholder is `{region}`",
        ),
    );
}

#[test]
fn service_host_must_contain_region() {
    let spec = edit(SPEC, "codehub-ext.{region}.", "codehub-ext.cn-north-4.");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default_host:"]),
            "services.repo.default_host",
            "must be an https:// URL whose only placeholder is `{region}`",
        ),
    );
}

#[test]
fn service_host_has_no_placeholder_but_region() {
    let spec = edit(
        SPEC,
        "codehub-ext.{region}.",
        "codehub-ext.{region}.{zone}.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default_host:"]),
            "services.repo.default_host",
            "must be an https:// URL whose only placeholder is `{region}`",
        ),
    );
}

#[test]
fn region_host_must_be_a_complete_https_url() {
    let spec = edit(
        SPEC,
        "\"https://repo.af-north-1.",
        "\"https://repo.{region}.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["af-north-1:"]),
            "services.repo.region_hosts.af-north-1",
            "must be a complete https:// URL",
        ),
    );
}

#[test]
fn operation_service_must_exist() {
    let spec = edit(SPEC, "    service: repo\n", "    service: rpeo\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["service: rpeo"]),
            &op("service"),
            "unknown service `rpeo` (defined: repo)",
        ),
    );
}

#[test]
fn an_unknown_service_is_one_problem_not_also_an_auth_one() {
    // With schemes declared, the operation's accepted schemes come from its service; an
    // unknown service is reported as that alone.
    let spec = edit(
        &with_auth_schemes(),
        "    service: repo\n",
        "    service: rpeo\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["service: rpeo"]),
            &op("service"),
            "unknown service `rpeo` (defined: repo)",
        ),
    );
}

#[test]
fn doc_updated_on_must_be_an_iso_date() {
    let spec = edit(SPEC, "\"2026-04-28\"", "\"28.04.2026\"");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["updated_on:"]),
            &op("doc.updated_on"),
            "`28.04.2026` is not a YYYY-MM-DD date",
        ),
    );
}

#[test]
fn doc_page_must_be_a_plain_text_file_name() {
    for bad in ["pages/branches.txt", "branches.html", ".txt"] {
        let spec = edit(
            SPEC,
            "      updated_on: \"2026-04-28\"\n",
            &format!("      updated_on: \"2026-04-28\"\n      page: {bad}\n"),
        );
        assert_only(
            &invalid(&spec),
            at(
                line(&spec, &["page:"]),
                &op("doc.page"),
                &format!("`{bad}` is not a page file name"),
            ),
        );
    }
}

#[test]
fn doc_page_documents_one_operation() {
    let page = "      updated_on: \"2026-04-28\"\n      page: branches.txt\n";
    let main = edit(SPEC, "      updated_on: \"2026-04-28\"\n", page);
    let tags = edit(TAGS, "      updated_on: \"2026-04-28\"\n", page);
    let diags = invalid_files(&[(FILE, &main), (OTHER_FILE, &tags)]);
    assert_eq!(diags.len(), 1, "{diags}");
    let d = diags.iter().next().unwrap();
    assert_eq!(d.location.path, "operations.list_tags.doc.page");
    assert_eq!(d.location.file.as_deref(), Some(Path::new(OTHER_FILE)));
    assert_eq!(d.location.line, Some(line(&tags, &["page:"])));
    assert!(
        d.message
            .contains("already the page of operation `list_branches`"),
        "{d}"
    );
}

#[test]
fn a_quirk_override_names_a_drift_rule_a_path_it_applies_to_and_a_page_value() {
    let with = |rule: &str, at_path: &str, page: &str| {
        edit(
            SPEC,
            "    decision: The field accepts a JSON string or a JSON integer.\n",
            &format!(
                "    decision: The field accepts a JSON string or a JSON integer.\n    overrides:\n      - rule: {rule}\n        at: {at_path}\n        page: \"{page}\"\n"
            ),
        )
    };
    assert_valid(&with("field-type", "models.Branch.fields.id", "String"));
    let cases = [
        (
            with("field-kind", "models.Branch.fields.id", "String"),
            "override 1: `field-kind` is no drift rule",
        ),
        (
            with("field-type", "models.Branch.fields.ref_name", "String"),
            "override 1: `models.Branch.fields.ref_name` is not among the quirk's `applies_to`",
        ),
        (
            with("field-type", "models.Branch.fields.id", " "),
            "override 1: `page` must state the page's value",
        ),
    ];
    for (spec, message) in cases {
        assert_only(
            &invalid(&spec),
            at(
                line(&spec, &["branch-id-integer:", "overrides:"]),
                "quirks.branch-id-integer.overrides",
                message,
            ),
        );
    }
}

#[test]
fn doc_updated_on_must_be_a_real_date() {
    let spec = edit(SPEC, "\"2026-04-28\"", "\"2026-13-45\"");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["updated_on:"]),
            &op("doc.updated_on"),
            "is not a YYYY-MM-DD date",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Path template and path parameters

#[test]
fn path_placeholder_needs_a_path_parameter() {
    let spec = edit(SPEC, "/branches\n", "/branches/{branch}\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    path: /v4/"]),
            &op("path"),
            "placeholder `{branch}` has no path parameter named `branch`",
        ),
    );
}

#[test]
fn path_parameter_needs_a_placeholder() {
    let spec = edit(
        SPEC,
        "/v4/repositories/{repository_id}/branches",
        "/v4/repositories/branches",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: repository_id"]),
            &op("parameters.repository_id"),
            "path parameter `repository_id` has no `{repository_id}` placeholder",
        ),
    );
}

#[test]
fn path_parameter_must_be_required() {
    let spec = edit(
        SPEC,
        "required: true\n        description: Repository ID.",
        "required: false\n        description: Repository ID.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["required: false"]),
            &op("parameters.repository_id.required"),
            "a path parameter must be required",
        ),
    );
}

#[test]
fn path_template_must_be_well_formed() {
    let spec = edit(SPEC, "{repository_id}/branches", "{repository_id/branches");
    // A malformed template has no placeholders to compare, so this is the only problem.
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    path: /v4/"]),
            &op("path"),
            "has a `{` without a matching `}`",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Parameter names

/// A plain optional query parameter, inserted after `search`.
fn with_query_param(name: &str) -> String {
    insert_after(
        SPEC,
        "description: Keyword that",
        &format!(
            "      - name: {name}\n        in: query\n        type: string\n        description: Added."
        ),
    )
}

#[test]
fn parameter_defined_twice() {
    let spec = with_query_param("search");
    let diags = invalid(&spec);
    // Reported once: the same Rust name follows from the same wire name.
    assert_eq!(diags.len(), 1, "{diags}");
    let d = diags
        .iter()
        .find(|d| {
            d.message
                .contains("parameter `search` is defined twice in query")
        })
        .unwrap_or_else(|| panic!("{diags}"));
    assert_eq!(d.location.file.as_deref(), Some(Path::new(FILE)));
    assert_eq!(d.location.path, op("parameters.search"));
    // At the copy (the second definition).
    assert_eq!(
        d.location.line,
        Some(line(
            &spec,
            &["description: Keyword that", "- name: search"]
        ))
    );
}

#[test]
fn duplicate_parameter_points_at_the_copy() {
    let spec = with_query_param("search");
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["description: Keyword that", "- name: search"]),
            &op("parameters.search"),
            "parameter `search` is defined twice in query",
        ),
    );
}

#[test]
fn parameters_colliding_after_snake_case() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "      - name: pageSize\n        in: query\n        type: int32\n        description: A.\n\
         \x20     - name: page_size\n        in: query\n        type: int32\n        description: B.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: page_size"]),
            &op("parameters.page_size"),
            "parameters `pageSize` and `page_size` both become `page_size` in Rust",
        ),
    );
}

#[test]
fn parameter_rust_name_colliding_with_builder_method() {
    let spec = with_query_param("send");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: send"]),
            &op("parameters.send"),
            "Rust name `send` collides with a request builder method",
        ),
    );
}

#[test]
fn parameter_rust_name_must_be_snake_case() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        rust_name: Search",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["rust_name: Search"]),
            &op("parameters.search.rust_name"),
            "Rust name: `Search` is not snake_case",
        ),
    );
}

#[test]
fn parameter_wire_name_that_is_no_rust_name_needs_rust_name() {
    let spec = with_query_param("1st");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: 1st"]),
            &op("parameters.1st.rust_name"),
            "`1st` is not a Rust identifier",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Parameter location

#[test]
fn auth_parameter_must_be_sensitive() {
    let spec = edit(SPEC, "        sensitive: true\n", "");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["auth: true"]),
            &op("parameters.X-Auth-Token.auth"),
            "an auth parameter must be a sensitive string header",
        ),
    );
}

#[test]
fn auth_parameter_must_be_a_header() {
    let spec = edit(SPEC, "    in: header\n", "    in: query\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["auth: true"]),
            &op("parameters.X-Auth-Token.auth"),
            "an auth parameter must be a sensitive string header",
        ),
    );
}

#[test]
fn only_auth_parameters_may_be_sensitive() {
    let spec = insert_after(SPEC, "description: Keyword that", "        sensitive: true");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: search", "sensitive: true"]),
            &op("parameters.search.sensitive"),
            "only credentials (`auth: true`) may be sensitive",
        ),
    );
}

#[test]
fn header_name_must_be_an_http_token() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "      - name: X-Request Id\n        in: header\n        type: string\n        description: Trace.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: X-Request Id"]),
            &op("parameters.X-Request Id"),
            "`X-Request Id` is not a valid HTTP header name",
        ),
    );
}

#[test]
fn header_name_must_not_be_empty() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "      - name: \"\"\n        in: header\n        type: string\n        rust_name: empty\n        description: Empty.",
    );
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["- name: \"\""]),
            &op("parameters."),
            "is not a valid HTTP header name",
        ),
    );
}

#[test]
fn path_parameter_cannot_be_boolean() {
    let spec = edit(
        SPEC,
        "type: int32\n        required: true",
        "type: boolean\n        required: true",
    );
    let diags = invalid(&spec);
    // The int32 bounds of the parameter no longer fit a boolean; those are reported too.
    assert_reports(
        &diags,
        at(
            line(&spec, &["- name: repository_id", "type: boolean"]),
            &op("parameters.repository_id.type"),
            "a path parameter cannot be a boolean",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Constraints

#[test]
fn minimum_on_a_string_ranges_its_digits() {
    let spec = insert_after(SPEC, "description: Keyword that", "        minimum: 3");
    assert_valid(&spec);
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        minimum: 3\n        maximum: 9\n        default: \"12\"",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: \"12\""]),
            &op("parameters.search.default"),
            "default \"12\" is outside the range of its digits",
        ),
    );
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        minimum: 3\n        default: x5",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: x5"]),
            &op("parameters.search.default"),
            "default \"x5\" is not digits, which its range asks for",
        ),
    );
}

#[test]
fn minimum_on_a_boolean() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that branch names must contain.",
        "      - name: merged\n        in: query\n        type: boolean\n        description: Merged only.\n        minimum: 3",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["minimum: 3"]),
            &op("parameters.merged.minimum"),
            "`minimum` applies to numbers, integers and digit strings, not boolean",
        ),
    );
}

#[test]
fn min_length_on_an_integer() {
    let spec = insert_after(
        SPEC,
        "description: Number of records",
        "        min_length: 2",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["min_length: 2"]),
            &op("parameters.limit.min_length"),
            "`min_length` applies to strings, not int32",
        ),
    );
}

#[test]
fn minimum_greater_than_maximum() {
    let spec = edit(SPEC, "maximum: 2147483647", "maximum: 0");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: repository_id", "minimum: 1"]),
            &op("parameters.repository_id.minimum"),
            "minimum 1 is greater than maximum 0",
        ),
    );
}

#[test]
fn int32_bound_out_of_range() {
    let spec = edit(SPEC, "maximum: 2147483647", "maximum: 2147483648");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["maximum: 2147483648"]),
            &op("parameters.repository_id.maximum"),
            "2147483648 does not fit in int32",
        ),
    );
}

#[test]
fn min_length_greater_than_max_length() {
    let spec = edit(SPEC, "min_length: 1\n", "min_length: 200000\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["min_length: 200000"]),
            &op("parameters.X-Auth-Token.min_length"),
            "min_length 200000 is greater than max_length 100000",
        ),
    );
}

#[test]
fn length_contradicting_min_and_max_length() {
    let spec = insert_after(SPEC, "max_length: 100000", "        length: 100001");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["length: 100001"]),
            &op("parameters.X-Auth-Token.length"),
            "length 100001 contradicts min_length/max_length",
        ),
    );
}

#[test]
fn pattern_must_compile() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        pattern: \"^[a-$\"",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["pattern: \"^[a-$\""]),
            &op("parameters.search.pattern"),
            "`^[a-$` is not a valid regular expression",
        ),
    );
}

#[test]
fn pattern_must_read_the_same_in_ecma_262() {
    // Valid for Rust's `regex`; OpenAPI readers take the exported pattern as ECMA-262,
    // which reads these differently or not at all.
    let cases = [
        (r"^(?P<id>[0-9]+)$", "`(?P<name>...)`"),
        (r"^(?i)[a-z]+$", "inline flags"),
        (r"^(?i:[a-z])+$", "inline flags"),
        (r"^\A[a-z]+$", r"`\A` or `\z`"),
        (r"^[[:alpha:]]+$", "a POSIX class"),
        (r"^[a-z&&[^q]]+$", "a class set operation"),
        (r"^\x{41}$", r"`\x{...}`"),
        (r"^\pL+$", r"`\pL` without braces"),
        (r"^\d+$", r"`\d`, `\s` or `\w`"),
        (r"^[\w.]+$", r"`\d`, `\s` or `\w`"),
        (r"^a\b.*$", "a word-boundary assertion"),
    ];
    for (pattern, construct) in cases {
        let quoted = format!("pattern: '{pattern}'");
        let spec = insert_after(
            SPEC,
            "description: Keyword that",
            &format!("        {quoted}"),
        );
        assert_only(
            &invalid(&spec),
            at(
                line(&spec, &[quoted.as_str()]),
                &op("parameters.search.pattern"),
                &format!("`{pattern}` uses {construct}"),
            ),
        );
    }
    // What both read alike passes.
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        r"        pattern: '^(?:[0-9a-z]{2,8}|-)(?<rest>\.[A-Z_]*)?\p{Lu}?$'",
    );
    assert_valid(&spec);
}

// ---------------------------------------------------------------------------------------
// Enum values

#[test]
fn enum_value_of_the_wrong_type() {
    let spec = edit(
        SPEC,
        "- value: asc\n",
        "- value: 1\n            name: Ascending\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: sort", "enum:"]),
            &op("parameters.sort.enum"),
            "value 1 is not a string",
        ),
    );
}

#[test]
fn enum_value_listed_twice() {
    let spec = edit(SPEC, "- value: asc\n", "- value: desc\n");
    let diags = invalid(&spec);
    let enum_line = line(&spec, &["- name: sort", "enum:"]);
    let path = op("parameters.sort.enum");
    assert_reports(
        &diags,
        at(enum_line, &path, "value \"desc\" is listed twice"),
    );
    // Equal values also derive equal variant names.
    assert_reports(&diags, at(enum_line, &path, "both become variant `Desc`"));
    assert_eq!(diags.len(), 2, "{diags}");
}

/// `SPEC` with an integer enum on `limit`; the second value has no `name`.
fn with_limit_enum(second_name: &str) -> String {
    insert_after(
        SPEC,
        "description: Number of records",
        &format!(
            "        enum:\n          - value: 20\n            name: Twenty\n            description: Twenty.\n\
             \x20         - value: 50\n{second_name}            description: Fifty."
        ),
    )
}

#[test]
fn integer_enum_value_needs_a_name() {
    assert_valid(&with_limit_enum("            name: Fifty\n"));
    let spec = with_limit_enum("");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: limit", "enum:"]),
            &op("parameters.limit.enum"),
            "value 50 needs a `name` for its Rust variant",
        ),
    );
}

#[test]
fn enum_values_colliding_as_variants() {
    let spec = insert_after(
        SPEC,
        "description: Descending order.",
        "          - value: ASC\n            description: Ascending, shouted.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: sort", "enum:"]),
            &op("parameters.sort.enum"),
            "values \"asc\" and \"ASC\" both become variant `Asc`; set `name`",
        ),
    );
}

#[test]
fn enum_variant_named_unknown_is_reserved() {
    let spec = insert_after(
        SPEC,
        "description: Descending order.",
        "          - value: unknown\n            description: Unsorted.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: sort", "enum:"]),
            &op("parameters.sort.enum"),
            "variant name `Unknown` is reserved",
        ),
    );
}

#[test]
fn int32_enum_value_must_fit_in_int32() {
    let spec = with_limit_enum("            name: Fifty\n");
    let spec = edit(&spec, "- value: 50\n", "- value: 3000000000\n");
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["- name: limit", "enum:"]),
            &op("parameters.limit.enum"),
            "3000000000",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Defaults

#[test]
fn default_outside_the_range() {
    let spec = edit(SPEC, "default: 20\n", "default: 0\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: 0"]),
            &op("parameters.limit.default"),
            "default 0 is outside the range 1..=100",
        ),
    );
}

#[test]
fn default_not_in_the_enum() {
    let spec = edit(SPEC, "default: desc\n", "default: random\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: random"]),
            &op("parameters.sort.default"),
            "default \"random\" is not one of the enum values",
        ),
    );
}

#[test]
fn default_of_the_wrong_type() {
    let spec = edit(SPEC, "default: 20\n", "default: \"20\"\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: \"20\""]),
            &op("parameters.limit.default"),
            "default \"20\" is not an int32",
        ),
    );
}

#[test]
fn default_must_fit_in_int32() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "      - name: page\n        in: query\n        type: int32\n        description: Page.\n        default: 3000000000",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: 3000000000"]),
            &op("parameters.page.default"),
            "3000000000",
        ),
    );
}

#[test]
fn default_on_a_required_parameter_is_checked_like_any_default() {
    // Pages mark parameters mandatory and give them a default: both are kept.
    let spec = insert_after(SPEC, "description: Repository ID.", "        default: 5");
    assert_valid(&spec);
    let spec = insert_after(SPEC, "description: Repository ID.", "        default: 0");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: 0"]),
            &op("parameters.repository_id.default"),
            "default 0 is outside the range 1..=2147483647",
        ),
    );
}

#[test]
fn default_breaking_the_pattern() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        pattern: \"^[a-z]+$\"\n        default: Main",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: Main"]),
            &op("parameters.search.default"),
            "default \"Main\" does not match the pattern",
        ),
    );
}

/// A pattern means what ECMA-262 says, the dialect of the OpenAPI export: its `.` matches
/// no line terminator, where Rust's would match `\r`.
#[test]
fn default_breaking_the_pattern_as_ecma_262_reads_it() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        pattern: \"^a.b$\"\n        default: \"a\\rb\"",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: \"a\\rb\""]),
            &op("parameters.search.default"),
            "default \"a\\rb\" does not match the pattern",
        ),
    );
    assert_valid(&spec.replace("a\\rb", "a-b"));
}

#[test]
fn default_breaking_the_length() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        max_length: 3\n        default: main",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["default: main"]),
            &op("parameters.search.default"),
            "default \"main\" has 4 characters, outside the documented length",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Parameter types

#[test]
fn shared_type_name_with_different_constraints() {
    let tags = edit(TAGS, "maximum: 100\n", "maximum: 50\n");
    assert_only(
        &invalid_files(&[(FILE, SPEC), (OTHER_FILE, &tags)]),
        Expected {
            file: OTHER_FILE,
            line: line(&tags, &["type_name: Limit"]),
            path: "operations.list_tags.parameters.limit.type_name",
            message: "type `Limit` is already defined differently by list_branches.limit \
                      (maximum 50 vs 100)",
        },
    );
}

#[test]
fn shared_type_name_says_everything_that_differs() {
    let tags = edit(
        TAGS,
        "default: 20\n        minimum: 1\n        maximum: 100\n",
        "default: 30\n        maximum: 50\n",
    );
    let diagnostics = invalid_files(&[(FILE, SPEC), (OTHER_FILE, &tags)]);
    let text = diagnostics.to_string();
    assert!(
        text.contains("(minimum none vs 1, maximum 50 vs 100, default 30 vs 20)"),
        "{text}"
    );
}

#[test]
fn type_name_on_a_parameter_that_needs_no_type() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        type_name: SearchText",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["type_name: SearchText"]),
            &op("parameters.search.type_name"),
            "`type_name` is only used for parameters with constraints, an enum or a default",
        ),
    );
}

#[test]
fn parameter_type_name_must_be_upper_camel_case() {
    let spec = edit(SPEC, "type_name: Limit\n", "type_name: limit_type\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["type_name: limit_type"]),
            &op("parameters.limit.type_name"),
            "type name: `limit_type` is not UpperCamelCase",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Models and fields

/// `Branch` with `lines` inserted after its `protected` field.
fn with_branch_field(lines: &str) -> String {
    insert_after(SPEC, "description: Whether the branch is protected.", lines)
}

#[test]
fn model_name_must_be_upper_camel_case() {
    let spec = with_models("  tag_info:\n    description: A tag.\n    fields: []");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["tag_info:"]),
            "models.tag_info",
            "model name: `tag_info` is not UpperCamelCase",
        ),
    );
}

#[test]
fn field_defined_twice() {
    let spec = with_branch_field(
        "      - name: protected\n        type: boolean\n        description: Again.",
    );
    let diags = invalid(&spec);
    let d = diags
        .iter()
        .find(|d| d.message.contains("field `protected` is defined twice"))
        .unwrap_or_else(|| panic!("{diags}"));
    assert_eq!(d.location.file.as_deref(), Some(Path::new(FILE)));
    assert_eq!(d.location.path, "models.Branch.fields.protected");
    // Reported once, at the copy (the second definition).
    assert_eq!(
        d.location.line,
        Some(line(
            &spec,
            &["description: Whether the branch", "- name: protected"]
        ))
    );
    assert_eq!(diags.len(), 1, "{diags}");
}

#[test]
fn duplicate_field_points_at_the_copy() {
    let spec = with_branch_field(
        "      - name: protected\n        type: boolean\n        description: Again.",
    );
    assert_reports(
        &invalid(&spec),
        at(
            line(
                &spec,
                &["description: Whether the branch", "- name: protected"],
            ),
            "models.Branch.fields.protected",
            "field `protected` is defined twice",
        ),
    );
}

#[test]
fn fields_colliding_after_snake_case() {
    let spec = with_branch_field(
        "      - name: commitId\n        type: string\n        description: Again.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: commit_id"]),
            "models.Branch.fields.commit_id",
            "fields `commitId` and `commit_id` both become `commit_id` in Rust",
        ),
    );
}

#[test]
fn field_named_like_a_key_is_located_at_its_own_line() {
    let spec = with_branch_field(
        "      - name: name\n        type: boolean\n        description: Display name.\n        minimum: 3",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: name", "minimum: 3"]),
            "models.Branch.fields.name.minimum",
            "`minimum` applies to numbers, integers and digit strings, not boolean",
        ),
    );
}

#[test]
fn field_model_must_exist() {
    let spec = edit(SPEC, "model: Branch\n", "model: Brnch\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["model: Brnch"]),
            "models.BranchPage.fields.branches.model",
            "unknown model `Brnch`",
        ),
    );
}

#[test]
fn response_model_must_exist() {
    let spec = edit(SPEC, "model: BranchPage\n", "model: BranchList\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["model: BranchList"]),
            &op("responses.200.model"),
            "unknown model `BranchList`",
        ),
    );
}

#[test]
fn envelope_model_must_exist() {
    let spec = edit(
        SPEC,
        "        body: json\n        model: BranchPage\n",
        "        body: envelope\n        envelope:\n          result:\n            type: model\n            model: BranchList\n\
         \x20         error:\n            type: model\n            model: ErrorBody\n",
    );
    let diags = invalid(&spec);
    assert_reports(
        &diags,
        at(
            line(&spec, &["model: BranchList"]),
            &op("responses.200.envelope.result.model"),
            "unknown model `BranchList`",
        ),
    );
    // The 200 example is not an envelope, and says so; nothing else is wrong.
    let others = diags
        .iter()
        .filter(|d| !d.message.contains("example does not fit"))
        .count();
    assert_eq!(others, 1, "{diags}");
}

#[test]
fn array_needs_model_or_items() {
    let spec = edit(SPEC, "        model: Branch\n", "");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: branches", "type: array"]),
            "models.BranchPage.fields.branches.type",
            "an array needs `model` or `items`",
        ),
    );
}

#[test]
fn array_takes_model_or_items_not_both() {
    let spec = edit(
        SPEC,
        "        model: Branch\n",
        "        model: Branch\n        items: string\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["items: string"]),
            "models.BranchPage.fields.branches.items",
            "an array takes `model` or `items`, not both",
        ),
    );
}

#[test]
fn array_of_scalars_is_valid() {
    assert_valid(&with_branch_field(
        "      - name: labels\n        type: array\n        items: string\n        description: Labels.",
    ));
}

#[test]
fn model_field_needs_model() {
    let spec =
        with_branch_field("      - name: head\n        type: model\n        description: Head.");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: head"]),
            "models.Branch.fields.head.model",
            "a `model` type needs `model: <Name>`",
        ),
    );
}

#[test]
fn scalar_field_takes_no_model() {
    let spec = edit(
        SPEC,
        "        type: int64\n",
        "        type: int64\n        model: Branch\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["type: int64", "model: Branch"]),
            "models.BranchPage.fields.total.model",
            "an int64 takes no `model`",
        ),
    );
}

#[test]
fn model_field_takes_no_items() {
    let spec = with_branch_field(
        "      - name: head\n        type: model\n        model: ErrorBody\n        items: string\n        description: Head.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: head", "items: string"]),
            "models.Branch.fields.head.items",
            "takes no `items`",
        ),
    );
}

#[test]
fn accept_integer_on_a_non_string() {
    let spec = edit(
        SPEC,
        "        type: boolean\n",
        "        type: boolean\n        accept_integer: true\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["type: boolean", "accept_integer: true"]),
            "models.Branch.fields.protected.accept_integer",
            "`accept_integer` applies to string fields",
        ),
    );
}

#[test]
fn enum_on_a_model_field() {
    let spec = with_branch_field(
        "      - name: head\n        type: model\n        model: ErrorBody\n        description: Head.\n\
         \x20       enum:\n          - value: x\n            description: X.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: head", "enum:"]),
            "models.Branch.fields.head.enum",
            "a model field cannot be an enum",
        ),
    );
}

#[test]
fn model_containing_itself() {
    let spec = with_branch_field(
        "      - name: parent\n        type: model\n        model: Branch\n        description: Parent.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["  Branch:"]),
            "models.Branch",
            "model `Branch` contains itself through `Branch.parent`",
        ),
    );
}

#[test]
fn model_containing_itself_through_an_array_is_valid() {
    assert_valid(&with_branch_field(
        "      - name: children\n        type: array\n        model: Branch\n        description: Children.",
    ));
}

// ---------------------------------------------------------------------------------------
// Type names

#[test]
fn model_named_like_a_parameter_type() {
    let spec = with_models("  Limit:\n    description: Clash.\n    fields: []");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["type_name: Limit"]),
            &op("parameters.limit.type_name"),
            "Rust type `Limit` of parameter list_branches.limit collides with model Limit",
        ),
    );
}

#[test]
fn model_named_like_a_request_builder() {
    let spec = with_models("  ListBranchesRequest:\n    description: Clash.\n    fields: []");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["  list_branches:"]),
            OP,
            "Rust type `ListBranchesRequest` of request builder list_branches collides with model ListBranchesRequest",
        ),
    );
}

#[test]
fn model_named_like_a_client_type() {
    let spec = with_models("  Client:\n    description: Clash.\n    fields: []");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["  Client:"]),
            "models.Client",
            "`Client` is a type of the client crate itself",
        ),
    );
}

#[test]
fn field_type_named_like_a_parameter_type() {
    let spec = with_branch_field(
        "      - name: order\n        type: string\n        description: Order.\n        type_name: SortOrder\n\
         \x20       enum:\n          - value: asc\n            description: Ascending.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- name: order", "type_name: SortOrder"]),
            "models.Branch.fields.order.type_name",
            "Rust type `SortOrder` of enum Branch.order collides with parameter list_branches.sort",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Responses

/// The 200 response block of `SPEC`.
const RESPONSE_200: &str = "      200:
        description: One page of branches.
        body: json
        model: BranchPage
";

#[test]
fn no_2xx_response() {
    let spec = edit(SPEC, RESPONSE_200, "");
    let diags = invalid(&spec);
    assert_reports(
        &diags,
        at(
            line(&spec, &["X-Auth-Token", "responses:"]),
            &op("responses"),
            "needs exactly one 2xx response, found 0",
        ),
    );
    // The 200 example now has no response to belong to.
    assert_reports(
        &diags,
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "example 1 is for status 200, which the operation does not document",
        ),
    );
    assert_eq!(diags.len(), 2, "{diags}");
}

#[test]
fn two_2xx_responses() {
    let spec = insert_after(
        SPEC,
        "model: BranchPage",
        "      204:\n        description: No branches.\n        body: none",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["X-Auth-Token", "responses:"]),
            &op("responses"),
            "needs exactly one 2xx response, found 2",
        ),
    );
}

#[test]
fn error_body_on_a_2xx_response() {
    let spec = edit(
        SPEC,
        "        body: json\n        model: BranchPage\n",
        "        body: error\n        model: ErrorBody\n",
    );
    let diags = invalid(&spec);
    assert_reports(
        &diags,
        at(
            line(&spec, &["      200:", "body: error"]),
            &op("responses.200.body"),
            "a 2xx response cannot be an error body",
        ),
    );
    // The 200 example is a `BranchPage`, not an `ErrorBody`; nothing else is wrong.
    assert!(
        diags.iter().all(
            |d| d.message.contains("a 2xx response cannot be an error body")
                || d.message.contains("is not a field of `ErrorBody`")
        ),
        "{diags}"
    );
}

#[test]
fn non_error_body_on_a_4xx_response() {
    let spec = edit(SPEC, "        body: error\n", "        body: json\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["      401:", "body: json"]),
            &op("responses.401.body"),
            "a 401 response must be `error`",
        ),
    );
}

#[test]
fn json_body_needs_a_model() {
    let spec = edit(SPEC, "        model: BranchPage\n", "");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["      200:"]),
            &op("responses.200.model"),
            "a `json` body needs `model`",
        ),
    );
}

#[test]
fn none_body_takes_no_model() {
    let spec = edit(SPEC, "        body: error\n", "        body: none\n");
    let diags = invalid(&spec);
    assert_reports(
        &diags,
        at(
            line(&spec, &["      401:", "model: ErrorBody"]),
            &op("responses.401.model"),
            "a `none` body takes no `model`",
        ),
    );
}

#[test]
fn envelope_body_needs_an_envelope() {
    let spec = edit(
        SPEC,
        "        body: json\n        model: BranchPage\n",
        "        body: envelope\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["      200:"]),
            &op("responses.200.envelope"),
            "an `envelope` body needs `envelope: {result, error}`",
        ),
    );
}

#[test]
fn error_model_needs_error_code() {
    let spec = edit(SPEC, "      - name: error_code\n", "      - name: code\n");
    let diags = invalid(&spec);
    assert_reports(
        &diags,
        at(
            line(&spec, &["      401:", "model: ErrorBody"]),
            &op("responses.401.model"),
            "error model `ErrorBody` needs a string field `error_code`",
        ),
    );
    // The 401 example still sends `error_code`, which is no longer a field.
    assert_reports(
        &diags,
        at(
            line(&spec, &["- status: 401"]),
            &op("examples.responses.401"),
            "`/error_code` is not a field of `ErrorBody`",
        ),
    );
    assert_eq!(diags.len(), 2, "{diags}");
}

// ---------------------------------------------------------------------------------------
// Examples

#[test]
fn example_for_an_undocumented_status() {
    let spec = edit(SPEC, "- status: 401\n", "- status: 403\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 403"]),
            &op("examples.responses.403"),
            "example 2 is for status 403, which the operation does not document",
        ),
    );
}

#[test]
fn example_that_is_not_json() {
    let spec = edit(SPEC, "\"total\" : 1,", "\"total\" : 1,,");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "example body is not valid JSON",
        ),
    );
}

#[test]
fn example_with_an_unknown_field() {
    let spec = edit(SPEC, "\"commit_id\" : null", "\"commit_sha\" : null");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "`/branches/0/commit_sha` is not a field of `Branch`",
        ),
    );
}

#[test]
fn example_with_a_wrong_type() {
    let spec = edit(SPEC, "\"total\" : 1,", "\"total\" : \"1\",");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "`/total` should be int64, found a string",
        ),
    );
}

#[test]
fn example_with_null_in_a_non_nullable_field() {
    let spec = edit(SPEC, "\"protected\" : true", "\"protected\" : null");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "`/branches/0/protected` is null but `protected` is not nullable",
        ),
    );
}

#[test]
fn example_null_is_accepted_where_the_field_is_nullable() {
    // The fixture's example sends `"commit_id" : null` and is valid.
    assert_valid(SPEC);
    let spec = edit(SPEC, "        nullable: true\n", "");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "`/branches/0/commit_id` is null but `commit_id` is not nullable",
        ),
    );
}

#[test]
fn example_integer_is_accepted_where_the_string_field_accepts_integers() {
    // The fixture's example sends `"id" : 4267732` for a string field and is valid.
    assert_valid(SPEC);
    let spec = edit(SPEC, "        accept_integer: true\n", "");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["- status: 200"]),
            &op("examples.responses.200"),
            "`/branches/0/id` should be string, found an integer",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Quirks

#[test]
fn quirk_applies_to_a_path_that_does_not_exist() {
    let spec = edit(
        SPEC,
        "- models.Branch.fields.id\n",
        "- models.Branch.fields.sha\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["applies_to:"]),
            "quirks.branch-id-integer.applies_to",
            "`models.Branch.fields.sha`: model `Branch` has no field `sha`",
        ),
    );
}

#[test]
fn quirk_applies_to_paths_of_every_section() {
    let spec = insert_after(
        SPEC,
        "- models.Branch.fields.id",
        "      - services.repo\n      - operations.list_branches.parameters.X-Auth-Token\n\
         \x20     - operations.list_branches.responses.401\n      - operations.list_branches.path",
    );
    assert_valid(&spec);
    let spec = edit(&spec, ".responses.401\n", ".responses.403\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["applies_to:"]),
            "quirks.branch-id-integer.applies_to",
            "operation `list_branches` has nothing at `responses.403`",
        ),
    );
}

#[test]
fn a_quirk_at_a_whole_section_is_told_which_item_to_name() {
    let spec = edit(
        SPEC,
        "- models.Branch.fields.id\n",
        "- operations.list_branches.responses\n",
    );
    let text = invalid(&spec).to_string();
    assert!(
        text.contains(
            "`operations.list_branches.responses`: operation `list_branches` has nothing at \
             `responses`: name one of its statuses, `responses.<status>` (`responses.200`"
        ),
        "{text}"
    );
    let spec = edit(
        SPEC,
        "- models.Branch.fields.id\n",
        "- operations.list_branches.parameters\n",
    );
    let text = invalid(&spec).to_string();
    assert!(
        text.contains("name one of its parameters, `parameters.<parameter>` (`parameters."),
        "{text}"
    );
}

#[test]
fn quirk_id_must_be_kebab_case() {
    let spec = edit(SPEC, "  branch-id-integer:\n", "  branch_id_integer:\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["branch_id_integer:"]),
            "quirks.branch_id_integer",
            "quirk id `branch_id_integer` must be kebab-case",
        ),
    );
}

#[test]
fn quirk_id_words_must_not_be_empty() {
    let spec = edit(SPEC, "  branch-id-integer:\n", "  branch--id-:\n");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["branch--id-:"]),
            "quirks.branch--id-",
            "quirk id `branch--id-` must be kebab-case",
        ),
    );
}

#[test]
fn quirk_applies_to_a_service_key_that_exists() {
    let spec = edit(
        SPEC,
        "      - models.Branch.fields.id\n",
        "      - models.Branch.fields.id\n      - services.repo.default_host\n      - services.repo.colour\n",
    );
    let diags = invalid(&spec);
    assert_eq!(diags.len(), 1, "{diags}");
    let d = diags.iter().next().unwrap();
    assert!(
        d.message
            .contains("`services.repo.colour`: service `repo` has nothing at `colour`"),
        "{d}"
    );
}

#[test]
fn pattern_must_be_anchored() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        pattern: \"[a-z]+\"",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["pattern: \"[a-z]+\""]),
            &op("parameters.search.pattern"),
            "`[a-z]+` must be anchored with `^` and `$`",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Pagination

/// `SPEC` made a paged listing: an `offset` parameter, a 200 that is an array of
/// branches (with its example), and the given `pagination` lines.
fn paged(pagination: &str) -> String {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "      - name: offset\n        in: query\n        type: int32\n        description: Branches to skip.\n        minimum: 0",
    );
    let spec = edit(
        &spec,
        "        body: json\n        model: BranchPage\n",
        "        body: json_array\n        model: Branch\n",
    );
    let spec = edit(
        &spec,
        "            {\n              \"total\" : 1,\n              \"branches\" : [ {",
        "            [ {",
    );
    let spec = edit(
        &spec,
        "              } ]\n            }\n",
        "              } ]\n",
    );
    insert_after(&spec, "        model: ErrorBody", pagination)
}

#[test]
fn pagination_over_offset_and_limit_is_valid() {
    assert_valid(&paged(
        "    pagination:\n      style: offset\n      cursor: offset\n      size: limit",
    ));
}

#[test]
fn pagination_parameters_must_exist() {
    let spec = paged("    pagination:\n      style: offset\n      cursor: page\n      size: limit");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "cursor: page"]),
            &op("pagination.cursor"),
            "`page` is not a parameter of the operation",
        ),
    );
}

#[test]
fn pagination_cursor_needs_a_minimum() {
    let spec =
        paged("    pagination:\n      style: offset\n      cursor: offset\n      size: limit");
    let spec = edit(
        &spec,
        "        description: Branches to skip.\n        minimum: 0",
        "        description: Branches to skip.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "cursor: offset"]),
            &op("pagination.cursor"),
            "`offset` needs a `minimum`",
        ),
    );
}

#[test]
fn pagination_parameters_must_be_integer_query_parameters() {
    let spec =
        paged("    pagination:\n      style: offset\n      cursor: offset\n      size: search");
    // Only the kind is reported: the bounds of a parameter that cannot page do not matter.
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "size: search"]),
            &op("pagination.size"),
            "`search` must be an integer query parameter",
        ),
    );
}

#[test]
fn paginated_operation_must_return_an_array() {
    let spec = insert_after(
        SPEC,
        "        model: ErrorBody",
        "    pagination:\n      style: page\n      cursor: limit\n      size: limit",
    );
    let diags = invalid(&spec);
    let at_pagination = line(&spec, &["    pagination:"]);
    assert_reports(
        &diags,
        at(at_pagination, &op("pagination"), "must return an array"),
    );
    assert_reports(
        &diags,
        at(
            line(&spec, &["    pagination:", "size: limit"]),
            &op("pagination.size"),
            "must be different parameters",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// All problems at once

#[test]
fn every_problem_is_reported_in_a_stable_order() {
    // Four independent problems, written here in an order unlike the file's.
    let spec = edit(
        SPEC,
        "- models.Branch.fields.id\n",
        "- models.Branch.fields.sha\n",
    );
    let spec = edit(&spec, "\"2026-04-28\"", "\"2026-4-28\"");
    let spec = edit(&spec, "default: 20\n", "default: 0\n");
    let spec = edit(&spec, "model: Branch\n", "model: Brnch\n");
    let tags = edit(TAGS, "maximum: 100\n", "maximum: 50\n");
    let files = [(FILE, spec.as_str()), (OTHER_FILE, tags.as_str())];
    let diags = invalid_files(&files);

    let got: Vec<(String, usize, &str)> = diags
        .iter()
        .map(|d| {
            let file = d.location.file.as_deref().unwrap().display().to_string();
            (file, d.location.line.unwrap(), d.location.path.as_str())
        })
        .collect();
    let main = |marker: &[&str], path: &'static str| (FILE.to_string(), line(&spec, marker), path);
    let expected = vec![
        main(&["updated_on:"], "operations.list_branches.doc.updated_on"),
        main(
            &["default: 0"],
            "operations.list_branches.parameters.limit.default",
        ),
        main(&["model: Brnch"], "models.BranchPage.fields.branches.model"),
        main(&["applies_to:"], "quirks.branch-id-integer.applies_to"),
        (
            OTHER_FILE.to_string(),
            line(&tags, &["type_name: Limit"]),
            "operations.list_tags.parameters.limit.type_name",
        ),
    ];
    assert_eq!(got, expected, "\n{diags}");

    // The order depends on the problems, not on the order of the files or of the run.
    assert_eq!(invalid_files(&[files[1], files[0]]), diags);
}

// ---------------------------------------------------------------------------------------
// The pipeline stops before writing

/// Every file under `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn generate_with_a_broken_spec_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("branches.yaml"), SPEC).unwrap();
    // The same directory generates while the spec is valid, so the failure below is the
    // broken rule's and not the fixture's.
    codegen::generate(dir.path()).unwrap_or_else(|d| panic!("{d}"));

    let broken = edit(SPEC, "default: 20\n", "default: 0\n");
    std::fs::write(dir.path().join("branches.yaml"), &broken).unwrap();
    let before = snapshot(dir.path());
    let diags = codegen::generate(dir.path()).expect_err("a broken spec must not generate");
    assert_eq!(diags.len(), 1, "{diags}");
    let d = diags.iter().next().unwrap();
    assert_eq!(d.location.line, Some(line(&broken, &["default: 0"])), "{d}");
    assert_eq!(
        d.location.file.as_deref(),
        Some(dir.path().join("branches.yaml").as_path())
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "generate wrote into the spec directory"
    );
}

// ---------------------------------------------------------------------------------------
// Authentication schemes

/// Two schemes, as `spec/services.yaml` declares them.
const AUTH_SCHEMES: &str = "
auth_schemes:
  iam_token:
    kind: token_header
    header: X-Auth-Token
    description: IAM user token.
  access_key:
    kind: sdk_hmac_sha256
    description: AK/SK request signing.
    inferred: The official SDKs sign requests with an access key pair.
";

/// `SPEC` with both schemes declared and accepted by its service.
fn with_auth_schemes() -> String {
    let spec = insert_after(
        SPEC,
        "af-north-1: \"https://repo",
        "    auth: [iam_token, access_key]",
    );
    spec + AUTH_SCHEMES
}

#[test]
fn declared_auth_schemes_are_valid() {
    assert_valid(&with_auth_schemes());
    // An operation that documents no token may take no credentials at all.
    let public = edit(TAGS, "    method: GET\n", "    method: GET\n    auth: []\n");
    assert_valid_files(&[(FILE, &with_auth_schemes()), (OTHER_FILE, &public)]);
}

#[test]
fn auth_scheme_ids_are_snake_case() {
    let spec = edit(&with_auth_schemes(), "  access_key:\n", "  AccessKey:\n");
    let spec = edit(&spec, "[iam_token, access_key]", "[iam_token, AccessKey]");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["  AccessKey:"]),
            "auth_schemes.AccessKey",
            "auth scheme id: `AccessKey` is not snake_case (expected `access_key`)",
        ),
    );
}

#[test]
fn a_signing_scheme_takes_no_header() {
    let spec = insert_after(
        &with_auth_schemes(),
        "kind: sdk_hmac_sha256",
        "    header: Authorization",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["header: Authorization"]),
            "auth_schemes.access_key.header",
            "a `sdk_hmac_sha256` scheme takes no `header`",
        ),
    );
}

#[test]
fn a_token_scheme_names_its_header() {
    let spec = edit(&with_auth_schemes(), "    header: X-Auth-Token\n", "");
    // The parameter then belongs to no token scheme either (its own rule, tested below).
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["kind: token_header"]),
            "auth_schemes.iam_token.kind",
            "a `token_header` scheme needs `header`",
        ),
    );
    let spec = edit(
        &with_auth_schemes(),
        "header: X-Auth-Token",
        "header: X Auth Token",
    );
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["header: X Auth Token"]),
            "auth_schemes.iam_token.header",
            "`X Auth Token` is not a valid HTTP header name",
        ),
    );
}

#[test]
fn auth_lists_name_declared_schemes_once() {
    let spec = edit(
        &with_auth_schemes(),
        "[iam_token, access_key]",
        "[iam_token, access_key, iam_token]",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["auth: [iam_token"]),
            "services.repo.auth",
            "auth scheme `iam_token` is listed twice",
        ),
    );
    let spec = insert_after(
        &with_auth_schemes(),
        "    method: GET",
        "    auth: [iam_token, acces_key]",
    );
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["auth: [iam_token, acces_key]"]),
            &op("auth"),
            "unknown auth scheme `acces_key` (declared: access_key, iam_token)",
        ),
    );
}

#[test]
fn once_schemes_are_declared_every_operation_names_its_own() {
    // The service no longer lists schemes; `list_branches` lists its own, `list_tags`
    // (another file) none.
    let spec = edit(
        &with_auth_schemes(),
        "    auth: [iam_token, access_key]\n",
        "",
    );
    let spec = insert_after(
        &spec,
        "    method: GET",
        "    auth: [iam_token, access_key]",
    );
    let diags = invalid_files(&[(FILE, &spec), (OTHER_FILE, TAGS)]);
    assert_only(
        &diags,
        Expected {
            file: OTHER_FILE,
            line: line(TAGS, &["  list_tags:"]),
            path: "operations.list_tags",
            message: "operation `list_tags` accepts no declared auth scheme",
        },
    );
}

#[test]
fn an_operation_accepts_one_scheme_of_each_kind() {
    let spec = with_auth_schemes()
        + "  other_key:\n    kind: sdk_hmac_sha256\n    description: Another key pair.\n";
    let spec = edit(
        &spec,
        "[iam_token, access_key]",
        "[iam_token, access_key, other_key]",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["auth: [iam_token"]),
            "services.repo.auth",
            "operation `list_branches` accepts two `sdk_hmac_sha256` schemes, `access_key` and `other_key`",
        ),
    );
}

#[test]
fn an_auth_parameter_is_the_header_of_an_accepted_token_scheme() {
    let spec = edit(
        &with_auth_schemes(),
        "[iam_token, access_key]",
        "[access_key]",
    );
    // `iam_token` is then accepted by nothing (its own rule, tested below).
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["- name: X-Auth-Token", "auth: true"]),
            &op("parameters.X-Auth-Token.auth"),
            "`X-Auth-Token` is filled from the client's credentials, but operation \
             `list_branches` accepts no `token_header` scheme with that header",
        ),
    );
}

#[test]
fn an_accepted_token_scheme_is_documented_as_a_parameter() {
    let token = "      - name: X-Auth-Token
        in: header
        type: string
        required: true
        description: IAM user token.
        min_length: 1
        max_length: 100000
        type_name: AuthToken
        sensitive: true
        auth: true
";
    let spec = edit(&with_auth_schemes(), token, "");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["auth: [iam_token"]),
            "services.repo.auth",
            "operation `list_branches` accepts `iam_token`, but documents no `X-Auth-Token` \
             parameter with `auth: true`",
        ),
    );
}

#[test]
fn every_declared_scheme_is_used() {
    let spec = with_auth_schemes()
        + "  spare_token:\n    kind: token_header\n    header: X-Spare-Token\n    description: Unused.\n";
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["  spare_token:"]),
            "auth_schemes.spare_token",
            "auth scheme `spare_token` is accepted by no operation",
        ),
    );
}

/// `SPEC`, whose 200 is a `BranchPage` object `{total, branches}`, walked by offset with
/// the given `items` line.
fn paged_object(items: &str) -> String {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "      - name: offset\n        in: query\n        type: int32\n        description: Branches to skip.\n        minimum: 0",
    );
    let pagination = format!(
        "    pagination:\n      style: offset\n      cursor: offset\n      size: limit\n      {items}"
    );
    insert_after(&spec, "        model: ErrorBody", &pagination)
}

#[test]
fn pagination_over_an_array_field_of_the_page_object_is_valid() {
    assert_valid(&paged_object("items: branches"));
}

#[test]
fn pagination_items_must_name_an_array_field_of_the_page_object() {
    for (items, message) in [
        ("items: total", "`BranchPage.total` is not an array"),
        (
            "items: brunches",
            "model `BranchPage` has no field `brunches` (fields: ",
        ),
    ] {
        let spec = paged_object(items);
        assert_only(
            &invalid(&spec),
            at(
                line(&spec, &["    pagination:", items]),
                &op("pagination.items"),
                message,
            ),
        );
    }
    // An array body has no field to name.
    let spec = paged(
        "    pagination:\n      style: offset\n      cursor: offset\n      size: limit\n      items: branches",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "items: branches"]),
            &op("pagination.items"),
            "the operation's success body is not an object",
        ),
    );
}

#[test]
fn example_outside_the_range() {
    let spec = insert_after(SPEC, "description: Repository ID.", "        example: 0");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["example: 0"]),
            &op("parameters.repository_id.example"),
            "example 0 is outside the range 1..=2147483647",
        ),
    );
}

#[test]
fn example_of_another_type_or_outside_the_enum() {
    let spec = insert_after(SPEC, "description: Sort direction.", "        example: up");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["example: up"]),
            &op("parameters.sort.example"),
            "example \"up\" is not one of the enum values",
        ),
    );
    let spec = insert_after(SPEC, "description: Repository ID.", "        example: main");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["example: main"]),
            &op("parameters.repository_id.example"),
            "example \"main\" is not an int32",
        ),
    );
}

#[test]
fn a_pattern_no_made_up_value_matches_needs_an_example() {
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        required: true\n        pattern: \"^br-[0-9]+$\"",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["pattern: \"^br-"]),
            &op("parameters.search.pattern"),
            "give the parameter an `example`",
        ),
    );
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        required: true\n        pattern: \"^br-[0-9]+$\"\n        example: br-7",
    );
    assert_valid(&spec);
    let spec = insert_after(
        SPEC,
        "description: Keyword that",
        "        required: true\n        pattern: \"^br-[0-9]+$\"\n        example: br-x",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["example: br-x"]),
            &op("parameters.search.example"),
            "example \"br-x\" does not match the pattern",
        ),
    );
}

#[test]
fn authorization_rows_name_iam_actions_once_with_an_access_level() {
    let rows = "    authorization:\n      - action: codeartsrepo:branch:list\n        access_level: List\n      - action: codeartsrepo branch\n        access_level: Read\n      - action: codeartsrepo:branch:list\n        access_level: \" \"\n        dependencies: [codeartsrepo:repository:get, nope]";
    let spec = insert_after(
        SPEC,
        "    summary: List the branches of a repository.",
        rows,
    );
    let d = invalid(&spec);
    for (marker, path, message) in [
        (
            "- action: codeartsrepo branch",
            "authorization.codeartsrepo branch.action",
            "`codeartsrepo branch` is not an IAM action (`service:resource:verb`)",
        ),
        (
            "- action: codeartsrepo:branch:list",
            "authorization.codeartsrepo:branch:list.action",
            "`codeartsrepo:branch:list` is listed twice",
        ),
        (
            "- action: codeartsrepo:branch:list",
            "authorization.codeartsrepo:branch:list.access_level",
            "the access level is empty",
        ),
        (
            "- action: codeartsrepo:branch:list",
            "authorization.codeartsrepo:branch:list.dependencies",
            "`nope` is not an IAM action",
        ),
    ] {
        let found = d.iter().any(|x| {
            x.location.path.ends_with(path)
                && x.message.contains(message)
                && x.location.line.is_some()
        });
        assert!(found, "no `{message}` at {path} ({marker}):\n{d}");
    }
    assert_eq!(d.len(), 4, "{d}");
    let valid = insert_after(
        SPEC,
        "    summary: List the branches of a repository.",
        "    authorization:\n      - action: codeartsrepo:branch:list\n        access_level: List",
    );
    assert_valid(&valid);
}

#[test]
fn a_json_value_body_is_a_scalar_or_an_array_of_scalars_and_not_a_model_too() {
    let body = |lines: &str| {
        edit(
            SPEC,
            "        body: json\n        model: BranchPage\n",
            &format!("        body: json\n{lines}"),
        )
    };
    // The value is accepted; the fixture's 200 example, an object, is fitted against it.
    let scalar = invalid(&body("        value:\n          type: boolean\n"));
    assert_eq!(scalar.len(), 1, "{scalar}");
    let text = scalar.to_string();
    assert!(
        text.contains("the body should be boolean, found an object"),
        "{text}"
    );
    let array = invalid(&body(
        "        value:\n          type: array\n          items: string\n",
    ));
    assert_eq!(array.len(), 1, "{array}");
    assert!(array.to_string().contains("should be an array"), "{array}");
    let both = body("        model: BranchPage\n        value:\n          type: boolean\n");
    assert!(
        invalid(&both)
            .to_string()
            .contains("a `json` body is a `model` or a `value`, not both")
    );
    let model = body("        value:\n          type: model\n          model: BranchPage\n");
    assert!(
        invalid(&model)
            .to_string()
            .contains("a model body is written `model: <name>`")
    );
    let neither = body("");
    assert!(
        invalid(&neither)
            .to_string()
            .contains("a `json` body needs `model`")
    );
}

#[test]
fn an_error_status_may_have_no_body() {
    let spec = edit(SPEC, "        body: error\n", "        body: none\n");
    let d = check_files(&[(FILE, &spec)]);
    // The example of the 401 no longer has a body to fit, and says so; the status itself is fine.
    let text = d.map(|()| String::new()).unwrap_or_else(|d| d.to_string());
    assert!(!text.contains("must be `error`"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Request bodies and request models

const NEW_BRANCH: &str = "  NewBranch:
    description: A branch to create.
    fields:
      - name: name
        type: string
        required: true
        description: Branch name.
        max_length: 10
      - name: tags
        type: array
        items: string
        description: Labels.
        max_items: 3
";

/// `SPEC` with `list_branches` made a POST that sends a `NewBranch` (plus `body_extra`
/// lines under `body:`) and the example body `example`, if any.
fn with_body(body_extra: &str, example: Option<&str>) -> String {
    let spec = edit(SPEC, "    method: GET\n", "    method: POST\n");
    let lines = format!(
        "    body: # the request body\n      description: The branch.\n      type: model\n      model: NewBranch\n      required: true\n{body_extra}"
    );
    let spec = insert_after(
        &spec,
        "description: Returns one page of the branches of a repository.",
        lines.trim_end(),
    );
    let spec = match example {
        Some(example) => insert_after(
            &spec,
            "    examples:",
            &format!("      request_body: '{example}'"),
        ),
        None => spec,
    };
    edit(&spec, "\nquirks:\n", &format!("\n{NEW_BRANCH}\nquirks:\n"))
}

#[test]
fn a_request_body_of_a_model_is_valid() {
    assert_valid(&with_body("", Some(r#"{"name": "dev", "tags": ["a"]}"#)));
}

#[test]
fn a_get_sends_no_body() {
    let spec = edit(
        &with_body("", None),
        "    method: POST\n",
        "    method: GET\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["# the request body"]),
            &op("body"),
            "a GET request carries no body",
        ),
    );
}

#[test]
fn a_body_names_a_model_that_exists() {
    let spec = edit(
        &with_body("", None),
        "      model: NewBranch\n",
        "      model: Nope\n",
    );
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["model: Nope"]),
            &op("body.model"),
            "unknown model `Nope`",
        ),
    );
}

#[test]
fn a_body_is_sent_as_json() {
    let spec = with_body("      content_type: text/plain\n", None);
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["content_type: text/plain"]),
            &op("body.content_type"),
            "is not a JSON media type",
        ),
    );
}

#[test]
fn item_bounds_belong_to_arrays() {
    let spec = with_body("      min_items: 1\n", None);
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["# the request body", "min_items: 1"]),
            &op("body.min_items"),
            "`min_items` applies to arrays, not model",
        ),
    );
}

#[test]
fn an_example_body_fits_the_request_model_and_its_checks() {
    let spec = with_body("", Some(r#"{"tags": ["a", "b", "c", "d"], "extra": 1}"#));
    let diags = invalid(&spec);
    let example = line(&spec, &["request_body:"]);
    let path = op("examples.request_body");
    for message in [
        "`/name` is required in `NewBranch` but missing",
        "`/tags` has 4 items, outside the documented bounds",
        "`/extra` is not a field of `NewBranch`",
    ] {
        assert_reports(&diags, at(example, &path, message));
    }
    let long = with_body("", Some(r#"{"name": "far-too-long-a-name"}"#));
    assert_only(
        &invalid(&long),
        at(
            line(&long, &["request_body:"]),
            &path,
            "has 19 characters, outside the documented length",
        ),
    );
}

#[test]
fn a_model_sent_and_read_holds_no_closed_enum() {
    // The page a response answers holds the model a request body sends.
    let both = insert_after(
        &with_body("", None),
        "        description: The branches of this page.",
        "      - name: created\n        type: model\n        model: NewBranch\n        description: The branch the call made.",
    );
    assert_valid(&both);
    let spec = insert_after(
        &both,
        "        max_items: 3",
        "      - name: kind\n        type: string\n        description: Kind.\n        enum: # closed\n          - value: a\n            description: A.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["enum: # closed"]),
            "models.NewBranch.fields.kind.enum",
            "is sent in a request body and read from a response, and a request enum is closed",
        ),
    );
}

#[test]
fn request_fields_hold_no_response_notions() {
    let spec = insert_after(
        &with_body("", None),
        "description: Branch name.",
        "        nullable: true # on a request field",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["nullable: true # on a request field"]),
            "models.NewBranch.fields.name.nullable",
            "`nullable` is about responses",
        ),
    );
}

#[test]
fn an_example_body_needs_a_body() {
    let spec = insert_after(SPEC, "    examples:", "      request_body: '{}'");
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["request_body:"]),
            &op("examples.request_body"),
            "an example body for an operation that declares no `body`",
        ),
    );
}

/// `SPEC` with a `number` query parameter whose extra keys are `keys` (indented lines).
fn with_number_param(keys: &str) -> String {
    insert_after(
        SPEC,
        "description: Keyword that branch names must contain.",
        &format!(
            "      - name: ratio\n        in: query\n        type: number\n        description: Share of commits.\n{}",
            keys.trim_end()
        ),
    )
}

#[test]
fn numbers_with_decimal_and_exclusive_bounds_are_valid() {
    assert_valid(&with_number_param(
        "        exclusive_minimum: 0\n        maximum: 1.5\n        default: 0.25\n        example: 1",
    ));
    // A number field of a response model, and maps of scalars and of models.
    assert_valid(&insert_after(
        SPEC,
        "description: Whether the branch is protected.",
        "      - name: share\n        type: number\n        description: Share.\n      - name: labels\n        type: map\n        items: string\n        description: Labels.\n      - name: children\n        type: map\n        model: Branch\n        description: Children by name.",
    ));
}

#[test]
fn a_number_range_must_hold_a_value() {
    let spec = with_number_param("        exclusive_minimum: 1\n        maximum: 1");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["name: ratio", "exclusive_minimum: 1"]),
            &op("parameters.ratio.exclusive_minimum"),
            "exclusive_minimum 1 and maximum 1 leave no value",
        ),
    );
    let spec = with_number_param("        minimum: 2.5\n        maximum: 0.5");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["name: ratio", "minimum: 2.5"]),
            &op("parameters.ratio.minimum"),
            "minimum 2.5 is greater than maximum 0.5",
        ),
    );
}

#[test]
fn a_number_has_one_lower_bound_and_finite_ones() {
    let spec = with_number_param(
        "        minimum: 0\n        exclusive_minimum: 0\n        maximum: .inf",
    );
    let diags = invalid(&spec);
    assert_reports(
        &diags,
        at(
            line(&spec, &["name: ratio", "exclusive_minimum: 0"]),
            &op("parameters.ratio.exclusive_minimum"),
            "`minimum` and `exclusive_minimum` are both set",
        ),
    );
    assert_reports(
        &diags,
        at(
            line(&spec, &["name: ratio", "maximum: .inf"]),
            &op("parameters.ratio.maximum"),
            "maximum inf is not a finite number",
        ),
    );
}

#[test]
fn an_integer_range_is_of_integers_and_inclusive() {
    let spec = edit(SPEC, "maximum: 2147483647", "maximum: 10.5");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["maximum: 10.5"]),
            &op("parameters.repository_id.maximum"),
            "maximum 10.5 is not an integer, as a bound of int32 must be",
        ),
    );
    let spec = edit(SPEC, "maximum: 2147483647", "exclusive_maximum: 100");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["exclusive_maximum: 100"]),
            &op("parameters.repository_id.exclusive_maximum"),
            "`exclusive_maximum` applies to numbers, not int32",
        ),
    );
}

#[test]
fn documented_numbers_pass_the_number_checks() {
    let spec = with_number_param("        exclusive_maximum: 1\n        example: 1.0");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["name: ratio", "example: 1.0"]),
            &op("parameters.ratio.example"),
            "example 1.0 is outside the range ..<1",
        ),
    );
    let spec =
        with_number_param("        enum:\n          - value: 1.5\n            description: x");
    assert_reports(
        &invalid(&spec),
        at(
            line(&spec, &["name: ratio", "enum:"]),
            &op("parameters.ratio.enum"),
            "a number cannot be an enum",
        ),
    );
}

#[test]
fn a_map_names_its_values() {
    let spec = insert_after(
        SPEC,
        "description: Whether the branch is protected.",
        "      - name: labels\n        type: map # a map\n        description: Labels.",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["# a map"]),
            "models.Branch.fields.labels.type",
            "a map needs `model` or `items`",
        ),
    );
}

#[test]
fn an_example_body_fits_maps_and_numbers() {
    let spec = insert_after(
        &with_body(
            "",
            Some(r#"{"name": "dev", "weights": {"a": 0.5, "b": "x"}, "share": 2.5}"#),
        ),
        "        max_items: 3",
        "      - name: weights\n        type: map\n        items: number\n        description: Weights.\n      - name: share\n        type: number\n        description: Share.\n        maximum: 1",
    );
    let diags = invalid(&spec);
    let example = line(&spec, &["request_body:"]);
    let path = op("examples.request_body");
    for message in [
        "`/weights/b` \"x\" is not a number",
        "`/share` 2.5 is outside the range ..=1",
    ] {
        assert_reports(&diags, at(example, &path, message));
    }
}

#[test]
fn an_unknown_field_type_names_every_known_one() {
    let spec = edit(
        SPEC,
        "        description: Whether the branch is protected.",
        "        description: Whether the branch is protected.\n      - name: ratio\n        type: float\n        description: Share.",
    );
    let diags = invalid(&spec);
    let shown = diags.to_string();
    assert!(
        shown.contains(
            "unknown type `float`, expected one of `string`, `int32`, `int64`, `boolean`, `number`, `model`, `array`, `map`"
        ),
        "{shown}"
    );
}

#[test]
fn required_paging_parameters_are_valid() {
    let spec =
        paged("    pagination:\n      style: offset\n      cursor: offset\n      size: limit");
    assert_valid(&edit(
        &spec,
        "        description: Branches to skip.\n",
        "        description: Branches to skip.\n        required: true\n",
    ));
}

#[test]
fn pagination_over_a_success_that_may_be_empty_is_refused() {
    let spec =
        paged("    pagination:\n      style: offset\n      cursor: offset\n      size: limit");
    let spec = edit(
        &spec,
        "        body: json_array\n        model: Branch\n",
        "        body: json_array\n        model: Branch\n        may_be_empty: true\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:"]),
            &op("pagination"),
            "a paginated operation must return an array, never empty",
        ),
    );
}

/// `SPEC` with its success answered by a 204 whose documented body is `extra`'s.
fn answered_204(extra: &str) -> String {
    let spec = edit(
        SPEC,
        RESPONSE_200,
        &format!(
            "      204:\n        description: One page of branches.\n        body: json\n        model: BranchPage\n{extra}"
        ),
    );
    edit(&spec, "- status: 200", "- status: 204")
}

#[test]
fn a_204_documented_with_a_body_must_say_it_may_be_empty() {
    let spec = answered_204("");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["      204:", "body: json"]),
            &op("responses.204.body"),
            "a 204 response has no content: declare `body: none`, or a `json` body with `may_be_empty: true`",
        ),
    );
    assert_valid(&answered_204("        may_be_empty: true\n"));
}

#[test]
fn only_a_json_success_may_be_empty() {
    let spec = insert_after(
        SPEC,
        "        model: ErrorBody",
        "        may_be_empty: true",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["may_be_empty: true"]),
            &op("responses.401.may_be_empty"),
            "only a 2xx `json` or `json_array` body may be empty",
        ),
    );
}

/// `with_body` whose `NewBranch` carries `offset` and `limit` fields, walked through the
/// body by `pagination` (with `cursor` and `size` as named).
fn paged_in_body(body_extra: &str, cursor: &str) -> String {
    let spec = with_body(body_extra, None);
    let spec = insert_after(
        &spec,
        "        max_items: 3",
        "      - name: offset\n        type: int64\n        description: Skipped.\n        minimum: 0\n      - name: limit\n        type: int64\n        description: Page size.\n        default: 20",
    );
    let pagination = format!(
        "    pagination:\n      style: offset\n      in: body\n      cursor: {cursor}\n      size: limit\n      items: branches"
    );
    insert_after(&spec, "        model: ErrorBody", &pagination)
}

#[test]
fn pagination_through_body_fields_is_valid() {
    assert_valid(&paged_in_body("", "offset"));
}

#[test]
fn pagination_in_the_body_names_fields_of_its_model() {
    let spec = paged_in_body("", "skip");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "cursor: skip"]),
            &op("pagination.cursor"),
            "`skip` is not a field of the body's model",
        ),
    );
    let spec = paged_in_body("", "name");
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "cursor: name"]),
            &op("pagination.cursor"),
            "`name` must be an optional integer field of the body's model without an enum",
        ),
    );
}

#[test]
fn an_optional_body_walked_through_needs_a_model_without_required_fields() {
    let spec = edit(
        &paged_in_body("", "offset"),
        "      model: NewBranch\n      required: true\n",
        "      model: NewBranch\n",
    );
    assert_only(
        &invalid(&spec),
        at(
            line(&spec, &["    pagination:", "in: body"]),
            &op("pagination.in"),
            "`NewBranch` has required fields it cannot fill: make the body required",
        ),
    );
}
