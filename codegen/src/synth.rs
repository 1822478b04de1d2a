//! Synthetic specs of any size, shaped like the real five operations, for the benchmarks.
//!
//! `synth(n)` returns the files of a spec directory with `n` operations: services with
//! regional hosts, shared models (`ErrorBody`, `EnvelopeError`, `FileContentInfo`, which the
//! client's runtime uses) and one file per pair of entities. Each entity has ten
//! operations, one per shape of the real spec; five without a body: a binary download with a ranged path id and
//! a length-checked query; an envelope lookup by a UUID with an exact length, a pattern
//! and an enumerated header; an offset-paged JSON list with defaults, string and integer
//! enums; a page-paged envelope list with a pattern and five error statuses; and a file
//! read with required query parameters and envelope status values. Five more send a body
//! (`synth/bodies.rs`): a create with a nested model, numbers, a map and an example body; a
//! PUT of a top-level array answered by a bare `true`; a DELETE of an array of strings
//! answered by 204; a run with an optional body of arrays; a PATCH of a request model
//! shared with the create, under an enumerated path segment, answered by a 204 that may
//! carry that model. Every other entity varies two shapes: its offset list takes required
//! paging parameters without defaults, and its run is a search paged through its body.
//! Models nest (an owner
//! inside a detail), carry integer enums, nullable and `accept_integer` fields, arrays of
//! scalars and of models; every success and error response has a documented example; and
//! quirks point at parameters, fields and operations.
//!
//! Pure and deterministic: the same `n` gives the same bytes (variation comes from a hash
//! of the entity's index, never from the OS), and `synth(n)` is a prefix of `synth(m)` for
//! `m > n` in whole entities, so sizes are comparable.

use std::fmt::Write as _;

mod bodies;

/// Services a synthetic spec spreads its entities over: (key, title, host template, one
/// regional exception). The first two are the real ones.
const SERVICES: &[(&str, &str, &str)] = &[
    ("repo", "CodeArts Repo", "codehub-ext"),
    ("build", "CodeArts Build", "cloudbuild-ext"),
    ("pipeline", "CodeArts Pipeline", "cloudpipeline-ext"),
    ("artifact", "CodeArts Artifact", "cloudartifact-ext"),
    ("deploy", "CodeArts Deploy", "codearts-deploy"),
    ("testplan", "CodeArts TestPlan", "cloudtest-ext"),
    ("check", "CodeArts Check", "codecheck-ext"),
    ("req", "CodeArts Req", "projectman-ext"),
];

/// Entity nouns, singular and plural; an entity past the end of the list gets a number.
const NOUNS: &[(&str, &str)] = &[
    ("repository", "repositories"),
    ("branch", "branches"),
    ("tag", "tags"),
    ("pipeline", "pipelines"),
    ("job", "jobs"),
    ("artifact", "artifacts"),
    ("package", "packages"),
    ("plan", "plans"),
    ("case", "cases"),
    ("release", "releases"),
    ("hook", "hooks"),
    ("member", "members"),
    ("label", "labels"),
    ("milestone", "milestones"),
    ("runner", "runners"),
    ("template", "templates"),
    ("variable", "variables"),
    ("environment", "environments"),
    ("rule", "rules"),
    ("report", "reports"),
];

/// Operations per entity: one of each shape, the five without a body and then the five
/// with one (`bodies.rs`), so that about half of a spec's operations send a body, as in
/// the real reference.
pub const SHAPES: usize = 10;

/// Entities per spec file.
const ENTITIES_PER_FILE: usize = 2;

/// The files of a spec directory (name, YAML text) with exactly `n` operations, in name
/// order. `n = 0` gives a spec with services and shared models only.
pub fn synth(n: usize) -> Vec<(String, String)> {
    let entities: Vec<Entity> = (0..n.div_ceil(SHAPES))
        .map(|e| Entity::new(e, services_for(n), (n - e * SHAPES).min(SHAPES)))
        .collect();
    let mut files = vec![
        ("common.yaml".to_string(), common()),
        ("services.yaml".to_string(), services(services_for(n))),
    ];
    for (i, group) in entities.chunks(ENTITIES_PER_FILE).enumerate() {
        let mut text = String::new();
        writeln!(text, "# Synthetic entities {}.", i * ENTITIES_PER_FILE).unwrap();
        // A section is written only when it has items: an empty key would be `null`.
        let sections: [(&str, Section); 3] = [
            ("operations", Entity::operations),
            ("models", Entity::models),
            ("quirks", Entity::quirks),
        ];
        for (key, items) in sections {
            let mut body = String::new();
            for e in group {
                items(e, &mut body);
            }
            if !body.is_empty() {
                writeln!(text, "{key}:\n{body}").unwrap();
            }
        }
        files.push((format!("entities_{i:04}.yaml"), text));
    }
    files.sort();
    files
}

/// Writes one section's items of an entity (its operations, models or quirks).
type Section = fn(&Entity, &mut String);

/// Number of services for a spec of `n` operations: two for the smallest, up to eight.
fn services_for(n: usize) -> usize {
    (2 + n / 50).min(SERVICES.len())
}

/// A well-mixed 64-bit hash of `x` (splitmix64's finaliser): variation without an RNG.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A double-quoted YAML scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn services(count: usize) -> String {
    let mut t = String::from("services:\n");
    for (i, (key, title, host)) in SERVICES[..count].iter().enumerate() {
        writeln!(t, "  {key}:").unwrap();
        writeln!(t, "    title: {}", q(title)).unwrap();
        writeln!(
            t,
            "    description: {}",
            q(&format!("{title} service; synthetic, for the benchmarks."))
        )
        .unwrap();
        writeln!(
            t,
            "    default_host: {}",
            q(&format!("https://{host}.{{region}}.myhuaweicloud.com"))
        )
        .unwrap();
        t.push_str("    region_hosts:\n");
        writeln!(
            t,
            "      af-south-1: {}",
            q(&format!("https://{key}.af-south-1.myhuaweicloud.com"))
        )
        .unwrap();
        if i % 2 == 0 {
            writeln!(
                t,
                "      tr-west-1: {}",
                q(&format!("https://{host}.tr-west-1.myhuaweicloud.com"))
            )
            .unwrap();
        }
        writeln!(
            t,
            "    inferred: {}",
            q("Host templates come from the region tables of the official SDKs.")
        )
        .unwrap();
        // As every real service: an IAM token or a signing key pair.
        t.push_str("    auth: [iam_token, access_key]\n");
    }
    t.push_str(
        r#"auth_schemes:
  iam_token:
    kind: token_header
    header: X-Auth-Token
    description: "IAM user token."
  access_key:
    kind: sdk_hmac_sha256
    description: "Access key pair; each request is signed."
"#,
    );
    t
}

/// Models every entity shares; `FileContentInfo` is the one the runtime decodes.
fn common() -> String {
    let mut t = String::from("models:\n");
    t.push_str(
        r#"  ErrorBody:
    description: "Error body of a failed call, a service error code with a message."
    fields:
      - name: error_code
        type: string
        description: "Service error code, such as DEV.00000003."
      - name: error_msg
        type: string
        description: "Human-readable explanation of the error."
  EnvelopeError:
    description: "Error object inside a response envelope."
    fields:
      - name: code
        type: string
        description: "Service error code."
        max_length: 100
      - name: message
        type: string
        description: "Human-readable explanation of the error."
  FileContentInfo:
    description: "A file of a repository with its metadata and Base64 content."
    fields:
      - name: file_name
        type: string
        description: "File name."
      - name: file_path
        type: string
        description: "File path in the repository."
      - name: size
        type: int64
        description: "Length of the decoded content in bytes."
      - name: encoding
        type: string
        description: "Encoding of content."
      - name: content_sha256
        type: string
        description: "SHA-256 digest of the file content."
        format: "hex SHA-256 of the decoded content"
      - name: ref
        type: string
        description: "Branch or tag name the file was read at."
        rust_name: git_ref
      - name: blob_id
        type: string
        description: "Git blob ID of the file."
        length: 40
      - name: commit_id
        type: string
        description: "SHA of the commit."
        length: 40
      - name: last_commit_id
        type: string
        description: "SHA of the latest commit."
        length: 40
      - name: content
        type: string
        description: "File content, Base64-encoded."
        format: base64
"#,
    );
    t
}

/// One entity of the API and the operations about it, one of each shape.
struct Entity {
    /// `branch`, `branch_3`.
    snake: String,
    /// `branches`, `branches_3`.
    plural: String,
    /// `Branch`, `Branch3`.
    camel: String,
    service: &'static str,
    /// How many of the [`SHAPES`] this entity has (fewer only for the last one).
    shapes: usize,
    hash: u64,
    index: usize,
}

impl Entity {
    fn new(index: usize, services: usize, shapes: usize) -> Self {
        let (singular, plural) = NOUNS[index % NOUNS.len()];
        let round = index / NOUNS.len();
        let suffix = if round == 0 {
            String::new()
        } else {
            format!("_{round}")
        };
        let snake = format!("{singular}{suffix}");
        let camel = crate::names::camel(&snake);
        Entity {
            plural: format!("{plural}{suffix}"),
            snake,
            camel,
            service: SERVICES[index % services].0,
            shapes,
            hash: mix(index as u64),
            index,
        }
    }

    /// A documentation date that varies by entity and exists.
    fn updated_on(&self) -> String {
        format!(
            "{}-{:02}-{:02}",
            2024 + self.hash % 3,
            1 + (self.hash >> 8) % 12,
            1 + (self.hash >> 16) % 28
        )
    }

    /// The start of a `GET` operation, up to its parameters: its name, service, doc page
    /// (title and section), path, summary and description.
    fn head(
        &self,
        t: &mut String,
        name: &str,
        page: (&str, &str),
        path: &str,
        summary: &str,
        description: &str,
    ) {
        self.head_as(t, "GET", name, page, path, summary, description);
    }

    /// [`Entity::head`] of an operation of any method.
    #[allow(clippy::too_many_arguments)]
    fn head_as(
        &self,
        t: &mut String,
        method: &str,
        name: &str,
        (title, section): (&str, &str),
        path: &str,
        summary: &str,
        description: &str,
    ) {
        writeln!(t, "  {name}:").unwrap();
        writeln!(t, "    service: {}", self.service).unwrap();
        self.doc(t, title, section);
        writeln!(t, "    method: {method}").unwrap();
        writeln!(t, "    path: {}", q(path)).unwrap();
        writeln!(t, "    summary: {}", q(summary)).unwrap();
        writeln!(t, "    description: {}", q(description)).unwrap();
        t.push_str("    parameters:\n");
    }

    /// The ranged numeric path id the download and the body shapes address the entity by.
    fn id_param(&self, t: &mut String) {
        let (s, c) = (&self.snake, &self.camel);
        writeln!(
            t,
            r#"      - name: {s}_id
        in: path
        type: int32
        required: true
        description: "Numeric {s} ID."
        minimum: 1
        maximum: 2147483647
        example: 2112029050
        type_name: {c}Id"#
        )
        .unwrap();
    }

    fn doc(&self, t: &mut String, title: &str, section: &str) {
        let service = SERVICES.iter().find(|s| s.0 == self.service).unwrap().1;
        t.push_str("    doc:\n");
        writeln!(t, "      title: {}", q(title)).unwrap();
        writeln!(
            t,
            "      section: {}",
            q(&format!("{service} / API Reference / APIs / {section}"))
        )
        .unwrap();
        writeln!(t, "      updated_on: {}", q(&self.updated_on())).unwrap();
    }

    fn auth(t: &mut String) {
        t.push_str(
            r#"      - name: X-Auth-Token
        in: header
        type: string
        required: true
        description: "IAM user token; the X-Subject-Token response header of the IAM token API carries it."
        min_length: 1
        max_length: 100000
        type_name: AuthToken
        sensitive: true
        auth: true
"#,
        );
    }

    fn operations(&self, t: &mut String) {
        let shapes: [fn(&Self, &mut String); SHAPES] = [
            Self::download,
            Self::show,
            Self::list_offset,
            Self::list_page,
            Self::show_file,
            Self::create,
            Self::update_members,
            Self::delete_tags,
            Self::run_job,
            Self::update_settings,
        ];
        for shape in &shapes[..self.shapes] {
            shape(self, t);
        }
    }

    fn download(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head(
            t,
            &format!("download_{s}_archive"),
            (&format!("Downloading A {c} Archive"), "Archive"),
            &format!("/v4/{p}/{{{s}_id}}/archive"),
            &format!("Download a {s} as an archive."),
            &format!(
                "Downloads the contents of a {s}, or of one path in it, at a branch, tag or commit, packed in the requested archive format."
            ),
        );
        self.id_param(t);
        writeln!(
            t,
            r#"      - name: sha
        in: query
        type: string
        description: "Branch name, tag name or commit ID to archive."
      - name: path
        in: query
        type: string
        description: "File path inside the {s}."
        min_length: 1
        max_length: {max}
        type_name: {c}ArchivePath
      - name: archive_format
        in: query
        type: string
        description: "Format of the archive."
        default: tar.gz
        enum:
          - value: zip
            name: Zip
            description: "ZIP archive."
          - value: tar.gz
            name: TarGz
            description: "Tar archive compressed with gzip."
          - value: tar.bz2
            name: TarBz2
            description: "Tar archive compressed with bzip2."
          - value: tar
            name: Tar
            description: "Uncompressed tar archive."
        type_name: ArchiveFormat"#,
            max = 1000 + self.hash % 99_000,
        )
        .unwrap();
        Self::auth(t);
        t.push_str(
            r#"    responses:
      200:
        description: OK
        body: binary
        inferred: "An archive download returns the archive's bytes."
      401:
        description: Unauthorized
        body: error
        model: ErrorBody
      403:
        description: Forbidden
        body: error
        model: ErrorBody
    examples:
"#,
        );
        writeln!(
            t,
            "      request: {}",
            q(&format!(
                "GET https://{{endpoint}}/v4/{p}/2112029050/archive"
            ))
        )
        .unwrap();
        t.push_str("      responses:\n");
        example(
            t,
            401,
            "Unauthorized",
            r#"{"error_code": "DEV.00000003", "error_msg": "Authentication information expired."}"#,
        );
        example(
            t,
            403,
            "Forbidden",
            r#"{"error_code": "CH.004403", "error_msg": "Insufficient permissions."}"#,
        );
    }

    fn show(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head(
            t,
            &format!("show_{s}"),
            (&format!("Querying Details About a {c}"), c),
            &format!("/v2/{p}/{{{s}_uuid}}"),
            &format!("Get a {s}'s details by its UUID."),
            &format!(
                "Looks up a {s} by its UUID. The result holds, among others, the numeric ID, the name, the owner and the web URL."
            ),
        );
        writeln!(
            t,
            r#"      - name: {s}_uuid
        in: path
        type: string
        required: true
        description: "{c} UUID, 32 lowercase hexadecimal digits."
        length: 32
        pattern: "^[0-9a-f]{{32}}$"
        type_name: {c}Uuid
      - name: X-Language
        in: header
        type: string
        description: "Language of the messages in the response."
        default: en-us
        enum:
          - value: en-us
            description: "English."
          - value: zh-cn
            description: "Chinese."
        type_name: Language"#
        )
        .unwrap();
        Self::auth(t);
        writeln!(
            t,
            r#"    responses:
      200:
        description: "Request succeeded"
        body: envelope
        envelope:
          result:
            type: model
            model: {c}Detail
          error:
            type: model
            model: EnvelopeError
    examples:"#
        )
        .unwrap();
        writeln!(
            t,
            "      request: {}",
            q(&format!("GET https://{{endpoint}}/v2/{p}/{{{s}_uuid}}"))
        )
        .unwrap();
        t.push_str("      responses:\n");
        example(
            t,
            200,
            "Request succeeded",
            &format!(
                r#"{{"result": {}, "status": "success"}}"#,
                self.detail_json()
            ),
        );
    }

    fn list_offset(&self, t: &mut String) {
        let (c, p) = (&self.camel, &self.plural);
        let paging = self.list_paging();
        self.head(
            t,
            &format!("list_project_{p}"),
            (&format!("Obtaining the {c} List of a Project"), c),
            &format!("/v4/projects/{{project_id}}/{p}"),
            &format!("List the {p} of a project."),
            &format!(
                "Returns one page of the {p} in a project, optionally filtered by a keyword and sorted by a chosen field in either direction."
            ),
        );
        writeln!(
            t,
            r#"      - name: project_id
        in: path
        type: string
        required: true
        description: "Unique project identifier, a 32-character UUID returned by the project list API."
        length: 32
        type_name: ProjectId
      - name: search
        in: query
        type: string
        description: "Keyword that {p} must match."
{paging}
      - name: order_by
        in: query
        type: string
        description: "Field the results are sorted by."
        default: updated_at
        enum:
          - value: id
            description: "ID."
          - value: name
            description: "Name."
          - value: created_at
            description: "Creation time."
          - value: updated_at
            description: "Time of the last update."
        type_name: OrderBy
      - name: sort
        in: query
        type: string
        description: "Sort direction."
        default: desc
        enum:
          - value: asc
            description: "Ascending order."
          - value: desc
            description: "Descending order."
        type_name: SortOrder
      - name: visibility
        in: query
        type: int32
        description: "Only results of this visibility."
        enum:
          - value: 0
            name: Private
            description: "Private."
          - value: 20
            name: Public
            description: "Public."
        type_name: VisibilityFilter"#
        )
        .unwrap();
        Self::auth(t);
        writeln!(
            t,
            r#"    responses:
      200:
        description: "{c} list in a project"
        body: json_array
        model: {c}Summary
    pagination:
      style: offset
      cursor: offset
      size: limit
    examples:
      responses:"#
        )
        .unwrap();
        example(
            t,
            200,
            &format!("{c} list in a project"),
            &format!("[{}, {}]", self.summary_json(1), self.summary_json(2)),
        );
    }

    /// The offset list's paging parameters: with defaults, or (every other entity)
    /// required and without, as some pages have them.
    fn list_paging(&self) -> String {
        if !self.odd() {
            return r#"      - name: offset
        in: query
        type: int32
        description: "Number of records to skip; counting starts at 0."
        default: 0
        minimum: 0
        maximum: 2147483647
        type_name: Offset
      - name: limit
        in: query
        type: int32
        description: "Number of records to return."
        default: 20
        minimum: 1
        maximum: 100
        type_name: Limit"#
                .to_owned();
        }
        r#"      - name: offset
        in: query
        type: int32
        required: true
        description: "Number of records to skip; counting starts at 0."
        minimum: 0
        maximum: 2147483647
        type_name: RecordOffset
      - name: limit
        in: query
        type: int32
        required: true
        description: "Number of records to return."
        minimum: 1
        maximum: 100
        type_name: RecordLimit"#
            .to_owned()
    }

    /// Every other entity takes the variant shapes: required paging parameters and a
    /// search paged through its body.
    fn odd(&self) -> bool {
        self.index % 2 == 1
    }

    fn list_page(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head(
            t,
            &format!("list_{s}_members"),
            (&format!("Obtaining the Members of a {c}"), "Members"),
            &format!("/v1/{p}/{{{s}_endpoint_id}}/members"),
            &format!("List the members of a {s}."),
            &format!(
                "Returns the members of a {s}, paged by page and page_size, and optionally filtered."
            ),
        );
        writeln!(
            t,
            r#"      - name: {s}_endpoint_id
        in: path
        type: string
        required: true
        description: "Endpoint ID, made of digits and lowercase letters."
        pattern: "^[0-9a-z]+$"
        max_length: 64
        type_name: {c}EndpointId
      - name: page
        in: query
        type: int32
        description: "Page to start the query from; the first page is 1."
        minimum: 1
        type_name: Page
      - name: page_size
        in: query
        type: int32
        description: "Number of items per page, a positive integer."
        minimum: 1
        maximum: 100
        type_name: PageSize
      - name: search
        in: query
        type: string
        description: "Filter criteria."
      - name: ids
        in: query
        type: string
        description: "Member IDs to select, separated by commas."
        max_length: 1024
        type_name: {c}MemberIds
      - name: X-Project-Id
        in: header
        type: string
        description: "Project the call is made for."
        length: 32
        type_name: ProjectHeader"#
        )
        .unwrap();
        Self::auth(t);
        writeln!(
            t,
            r#"    responses:
      200:
        description: OK
        body: envelope
        envelope:
          result:
            type: array
            model: {c}Member
          error:
            type: string"#
        )
        .unwrap();
        for (status, what) in [
            (400, "Bad Request"),
            (401, "Unauthorized"),
            (403, "Forbidden"),
            (404, "Not Found"),
            (500, "Internal Server Error"),
        ] {
            writeln!(
                t,
                "      {status}:\n        description: {what}\n        body: error\n        model: ErrorBody"
            )
            .unwrap();
        }
        t.push_str(
            r#"    pagination:
      style: page
      cursor: page
      size: page_size
    examples:
"#,
        );
        writeln!(
            t,
            "      request: {}",
            q(&format!(
                "GET https://{{endpoint}}/v1/{p}/{{{s}_endpoint_id}}/members"
            ))
        )
        .unwrap();
        t.push_str("      responses:\n");
        example(
            t,
            200,
            "OK",
            &format!(
                r#"{{"result": [{}], "error": null, "status": "success"}}"#,
                self.member_json()
            ),
        );
        example(
            t,
            404,
            "Not Found",
            r#"{"error_code": "CB.00000404", "error_msg": "The endpoint does not exist."}"#,
        );
    }

    fn show_file(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head(
            t,
            &format!("show_{s}_file"),
            (&format!("Querying a File in a {c}"), "File"),
            &format!("/v2/projects/{{{s}_repo_id}}/{p}/files"),
            &format!("Get one file of a {s} at a branch or tag."),
            "Returns a file's name, path, size, digests and content at a given ref. The content comes Base64-encoded.",
        );
        writeln!(
            t,
            r#"      - name: {s}_repo_id
        in: path
        type: int32
        required: true
        description: "Repository ID of the {s}."
        minimum: 0
        maximum: 2147483647
        example: 859341
        type_name: {c}RepoId
      - name: file_path
        in: query
        type: string
        required: true
        description: "Full path of the file in the repository."
      - name: ref
        in: query
        type: string
        required: true
        description: "Branch name, tag name or commit ID to read the file at."
        rust_name: git_ref"#
        )
        .unwrap();
        Self::auth(t);
        t.push_str(
            r#"    responses:
      200:
        description: OK
        body: envelope
        envelope:
          result:
            type: model
            model: FileContentInfo
          error:
            type: model
            model: EnvelopeError
          status_values:
            - value: success
              description: "The call succeeded."
            - value: failed
              description: "The call failed."
    examples:
"#,
        );
        writeln!(
            t,
            "      request: {}",
            q(&format!(
                "GET https://{{endpoint}}/v2/projects/859341/{p}/files?file_path=README.md&ref=master"
            ))
        )
        .unwrap();
        t.push_str("      responses:\n");
        example(
            t,
            200,
            "OK",
            r#"{"result": {"size": 9, "encoding": "base64", "ref": "master", "content": "NDU0NTQ1NDQ1", "file_name": "README.md", "file_path": "README.md", "content_sha256": "e16f4f6c41a79d120484774a625bea8a3c3dcb655aa7c7e793ac48639dc63944", "blob_id": "3325fa3142fd66fedc8c3a5218b417f561e0ea2f", "commit_id": "a772945ec2765e322cc83e0f467f394effa22cf3", "last_commit_id": "a772945ec2765e322cc83e0f467f394effa22cf3"}, "status": "success"}"#,
        );
    }

    /// Extra string fields of the detail model, 0 to 5 by entity, so models differ in size.
    fn extra_fields(&self) -> usize {
        (self.hash >> 24) as usize % 6
    }

    /// The models an entity's operations return; only those of the shapes it has.
    fn models(&self, t: &mut String) {
        self.body_models(t);
        let c = &self.camel;
        let s = &self.snake;
        if self.shapes > 1 {
            writeln!(
                t,
                r#"  {c}Owner:
    description: "The user who owns a {s}."
    fields:
      - name: id
        type: int64
        description: "User ID."
      - name: name
        type: string
        description: "User name."
      - name: email
        type: string
        description: "E-mail address, when the user shares it."
        nullable: true
  {c}Detail:
    description: "Details of one {s}."
    fields:
      - name: {s}_uuid
        type: string
        description: "{c} UUID."
        length: 32
      - name: {s}_id
        type: int32
        description: "Numeric primary key."
      - name: name
        type: string
        description: "{c} name."
        max_length: 255
      - name: owner
        type: model
        model: {c}Owner
        description: "Who owns the {s}."
      - name: maintainers
        type: array
        model: {c}Owner
        description: "Who maintains the {s}."
      - name: tags
        type: array
        items: string
        description: "Labels given to the {s}."
      - name: created_at
        type: string
        description: "When the {s} was created."
        format: "YYYY-MM-DD HH:MM:SS"
      - name: updated_at
        type: string
        description: "When the {s} was last updated."
        nullable: true
        format: "YYYY-MM-DD HH:MM:SS"
      - name: size_bytes
        type: int64
        description: "Storage used, in bytes."
        nullable: true
      - name: star
        type: boolean
        description: "Whether the calling user follows the {s}."
        nullable: true
      - name: status
        type: int32
        description: "Lifecycle state."
        nullable: true
        enum:
          - value: 0
            name: Created
            description: "Created."
          - value: 1
            name: Creating
            description: "Being created."
          - value: 2
            name: Failed
            description: "Creation failed."
          - value: 3
            name: Frozen
            description: "Frozen."
      - name: visibility_level
        type: int32
        description: "Who can see the {s}."
        enum:
          - value: 0
            name: Private
            description: "Private."
          - value: 20
            name: Public
            description: "Public."
        type_name: VisibilityLevel
      - name: userRole
        type: int32
        description: "Permission level of the calling user."
        nullable: true
        enum:
          - value: 20
            name: ReadOnlyMember
            description: "Read-only member."
          - value: 30
            name: CommonMember
            description: "Common member."
          - value: 40
            name: Administrator
            description: "Administrator."
        type_name: UserRole
      - name: web_url
        type: string
        description: "URL of the {s}'s page in the web console.""#
            )
            .unwrap();
            for i in 0..self.extra_fields() {
                writeln!(
                    t,
                    "      - name: attribute_{i}\n        type: string\n        description: \"Attribute {i} of the {s}.\"\n        nullable: true"
                )
                .unwrap();
            }
        }
        if self.shapes > 2 {
            writeln!(
                t,
                r#"  {c}Summary:
    description: "One {s} in a project listing."
    fields:
      - name: id
        type: int32
        description: "{c} ID."
      - name: name
        type: string
        description: "{c} name."
      - name: created_at
        type: string
        description: "Creation time."
      - name: status
        type: string
        description: "Status, a number as text."
      - name: web_url
        type: string
        description: "URL of the {s}'s page."
      - name: visibility_level
        type: int32
        description: "Who can see the {s}."
        enum:
          - value: 0
            name: Private
            description: "Private."
          - value: 20
            name: Public
            description: "Public."
        type_name: VisibilityLevel"#
            )
            .unwrap();
        }
        if self.shapes > 3 {
            writeln!(
                t,
                r#"  {c}Member:
    description: "One member of a {s}."
    fields:
      - name: id
        type: string
        description: "Member ID."
        accept_integer: true
      - name: uuid
        type: string
        description: "Member UUID."
        nullable: true
      - name: name
        type: string
        description: "Member name."
      - name: http_url
        type: string
        description: "HTTP URL of the member's profile."
      - name: git_url
        type: string
        description: "Git URL of the member's fork."
      - name: roles
        type: array
        items: int32
        description: "Role codes of the member.""#
            )
            .unwrap();
        }
    }

    fn quirks(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        let kebab = s.replace('_', "-");
        if self.shapes > 2 {
            writeln!(
                t,
                r#"  {kebab}-status-as-text:
    applies_to:
      - models.{c}Summary.fields.status
      - operations.list_project_{p}
    observed: "The list types status as String while the detail types it as an Integer code."
    decision: "Each is kept as its page types it.""#
            )
            .unwrap();
        }
        if self.shapes > 0 {
            writeln!(
                t,
                r#"  {kebab}-archive-path-length:
    applies_to:
      - operations.download_{s}_archive.parameters.path
    observed: "The archive path may be longer than a URL can carry."
    decision: "The documented range is kept and checked; an over-long URL is refused before sending.""#
            )
            .unwrap();
        }
        if self.shapes == 0 {
            unreachable!("entity {} has no operations", self.index);
        }
    }

    fn detail_json(&self) -> String {
        let s = &self.snake;
        format!(
            r#"{{"{s}_uuid": "045ceabb9aea40579d5a759e84fa7f0a", "{s}_id": {id}, "name": "{s}-{id}", "owner": {{"id": 7, "name": "alice", "email": null}}, "maintainers": [{{"id": 8, "name": "bob", "email": "bob@example.com"}}], "tags": ["a", "b"], "created_at": "2019-10-15 09:40:27", "updated_at": null, "size_bytes": 1024, "star": null, "status": 0, "visibility_level": 20, "userRole": 40, "web_url": "https://example.com/{s}/{id}"}}"#,
            id = 468485 + self.index
        )
    }

    fn summary_json(&self, id: usize) -> String {
        let s = &self.snake;
        format!(
            r#"{{"id": {id}, "name": "{s}-{id}", "created_at": "2024-01-02 03:04:05", "status": "0", "web_url": "https://example.com/{s}/{id}", "visibility_level": 0}}"#
        )
    }

    fn member_json(&self) -> String {
        format!(
            r#"{{"id": {}, "uuid": null, "name": "member", "http_url": "https://example.com/m", "git_url": "https://example.com/m.git", "roles": [30]}}"#,
            4267732 + self.index
        )
    }
}

/// One documented response example, its JSON body on one line.
fn example(t: &mut String, status: u16, title: &str, body: &str) {
    writeln!(
        t,
        "        - status: {status}\n          title: {}\n          body: {}",
        q(title),
        q(body)
    )
    .unwrap();
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::emit::openapi::{self, Dialect};
    use crate::load::SourceFile;

    /// Loads, validates and lowers a synthetic spec held in memory.
    fn ir(n: usize) -> crate::ir::Ir {
        let sources = synth(n)
            .into_iter()
            .map(|(name, text)| SourceFile {
                path: PathBuf::from(format!("synth/{name}")),
                text,
            })
            .collect();
        let spec = crate::load::parse(sources).unwrap_or_else(|d| panic!("synth({n}):\n{d}"));
        crate::validate::check(&spec).unwrap_or_else(|d| panic!("synth({n}):\n{d}"));
        crate::lower::lower(&spec)
    }

    #[test]
    fn every_size_validates_and_generates() {
        for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 55] {
            let ir = ir(n);
            assert_eq!(ir.operations.len(), n, "synth({n})");
            crate::emit_files(&ir).unwrap_or_else(|d| panic!("synth({n}) does not emit:\n{d}"));
        }
    }

    #[test]
    fn the_export_carries_every_operation_in_both_dialects() {
        let ir = ir(23);
        for dialect in [Dialect::V3_1, Dialect::V3_0] {
            let text = openapi::render(&openapi::document(&ir, dialect));
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut ids: Vec<&str> = doc["paths"]
                .as_object()
                .unwrap()
                .values()
                .flat_map(|item| item.as_object().unwrap().values())
                .filter_map(|op| op["operationId"].as_str())
                .collect();
            ids.sort_unstable();
            let mut expected: Vec<&str> = ir.operations.iter().map(|o| o.name.as_str()).collect();
            expected.sort_unstable();
            assert_eq!(ids, expected, "{dialect:?}");
            let schemas = doc["components"]["schemas"].as_object().unwrap();
            for model in &ir.models {
                assert!(
                    schemas.contains_key(&model.name),
                    "{dialect:?}: {}",
                    model.name
                );
            }
        }
    }

    #[test]
    fn shapes_are_all_present() {
        let ir = ir(20);
        let has = |f: &dyn Fn(&crate::ir::Operation) -> bool| {
            ir.operations.iter().filter(|o| f(o)).count()
        };
        assert_eq!(has(&|o| o.pagination.is_some()), 5);
        assert_eq!(
            has(&|o| o
                .pagination
                .as_ref()
                .is_some_and(|p| p.location == crate::spec::PageLocation::Body)),
            1,
            "a search paged through its body"
        );
        assert_eq!(
            has(&|o| o
                .pagination
                .as_ref()
                .is_some_and(|p| p.cursor.required && p.size.required)),
            1,
            "a list with required paging parameters"
        );
        assert_eq!(
            has(&|o| matches!(o.success, crate::ir::Success::MaybeJson(_))),
            2,
            "a 204 that may carry a body"
        );
        assert_eq!(
            has(&|o| o
                .params
                .iter()
                .any(|p| p.location == crate::spec::Location::Path
                    && matches!(p.ty, crate::ir::ParamTy::Enum(_)))),
            2,
            "an enumerated path segment"
        );
        assert_eq!(has(&|o| matches!(o.success, crate::ir::Success::Binary)), 2);
        assert_eq!(
            has(&|o| o.body.is_some()),
            10,
            "half the operations send a body"
        );
        assert_eq!(
            has(&|o| !o.idempotent),
            5,
            "two POSTs and a PATCH, one of the POSTs a search marked idempotent"
        );
        assert!(
            ir.models.iter().any(|m| m.request && !m.total),
            "a number in a request"
        );
        assert!(ir.services.len() >= 2);
        assert!(ir.response_enums.len() >= 3, "integer enums in models");
        assert!(ir.param_types.iter().any(|t| t.name == "VisibilityFilter"));
    }

    #[test]
    fn counts_operations_exactly_and_is_deterministic() {
        for n in [1, 4, 5, 7, 23] {
            let files = synth(n);
            assert_eq!(files, synth(n));
            let ops: usize = files
                .iter()
                .map(|(_, text)| {
                    text.lines()
                        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
                        .filter(|l| {
                            let name = l.trim().trim_end_matches(':');
                            [
                                "download_",
                                "show_",
                                "list_",
                                "create_",
                                "update_",
                                "delete_",
                                "run_",
                                "search_",
                            ]
                            .iter()
                            .any(|p| name.starts_with(p))
                        })
                        .count()
                })
                .sum();
            assert_eq!(ops, n, "synth({n})");
        }
    }
}
