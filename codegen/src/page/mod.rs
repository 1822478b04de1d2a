//! The page reader: a help-center page saved as plain text in, its facts out, each with
//! the page line it was read from.
//!
//! [`read`] recovers the breadcrumb, title, date, deprecation, method and URI, every
//! parameter table (path, query, header, body, and the object tables they name), the
//! response tables per status code, the examples, the status codes and the authorization
//! table. It reads both renderings the site produces (`layout`): one table cell per line
//! with numbered captions, and one row per line with `|` between cells and no captions,
//! where a table's role comes from the section it is in and the objects rows name. What it
//! cannot classify is listed in [`Page::unplaced`] with its line, never dropped.

mod cell;
mod layout;

use std::collections::VecDeque;

pub use cell::{Bounds, Facts, Length, PageType, PageValue};
use layout::{Block, Heading, TableShape};

/// A line of the page, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

/// How the page's tables are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// One cell per line, captions such as `Table 2 Query Parameters`.
    Lines,
    /// One row per line, cells between `|`.
    Rows,
}

/// A fact and the line it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub line: usize,
    pub value: T,
}

/// Something on the page the reader could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub line: usize,
    pub text: String,
    /// What the reader expected there.
    pub why: &'static str,
}

impl Unplaced {
    fn new(line: &Line, why: &'static str) -> Unplaced {
        Unplaced {
            line: line.no,
            text: line.text.clone(),
            why,
        }
    }
}

/// What a parameter or field table lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Path,
    Query,
    Header,
    /// The request body's top-level fields.
    Body,
    /// A response's body fields.
    Response(u16),
    /// A response's headers.
    ResponseHeaders(u16),
    /// The fields of an object a row names (`Table 5 RepoInfoV2`).
    Object(String),
}

/// A parameter or field table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub line: usize,
    pub role: Role,
    pub rows: Vec<Row>,
}

/// A row of a parameter or field table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub name: String,
    /// `Yes`/`No`; `None` in a response table, which has no such column.
    pub mandatory: Option<bool>,
    /// `None` when the type cell is no type the site writes (reported as unplaced).
    pub ty: Option<PageType>,
    pub ty_text: String,
    pub facts: Facts,
}

/// A `Status code: N` part of the response parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseSection {
    pub line: usize,
    pub status: u16,
    /// The line printed under the status when it has no table ("Deleted successfully.").
    pub description: Option<String>,
    /// Whether a body table follows.
    pub has_body: bool,
}

/// An example response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleResponse {
    pub status: u16,
    pub title: Option<String>,
    /// The JSON as printed (lines joined by newlines).
    pub body: Option<String>,
}

/// A row of the authorization table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub action: String,
    pub access_level: String,
}

/// Everything read off one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// `CodeArts Repo / API Reference / APIs / V4 / Repository`, without `Help Center`
    /// and the title.
    pub section: Option<At<String>>,
    pub title: Option<At<String>>,
    /// `YYYY-MM-DD`.
    pub updated_on: Option<At<String>>,
    /// The page marks the API deprecated; the text is where it says so.
    pub deprecated: Option<At<String>>,
    /// The first line of the Function section: what the API does, in the page's words.
    pub function: Option<At<String>>,
    /// The official SDKs' name of the operation (`ShowGitCodeRepository`), where the page
    /// prints it after the title.
    pub sdk_name: Option<At<String>>,
    pub method: Option<At<String>>,
    /// The URI's path, without scheme and host.
    pub path: Option<At<String>>,
    pub authorization: Vec<At<Permission>>,
    pub tables: Vec<Table>,
    pub responses: Vec<ResponseSection>,
    /// The example request line (`GET https://{endpoint}/v4/...`).
    pub example_request: Option<At<String>>,
    pub example_request_body: Option<At<String>>,
    pub example_responses: Vec<At<ExampleResponse>>,
    pub status_codes: Vec<At<(u16, String)>>,
    pub unplaced: Vec<Unplaced>,
}

impl Page {
    /// The rows of the tables of `role`, in page order.
    pub fn rows(&self, role: &Role) -> impl Iterator<Item = &Row> {
        self.tables
            .iter()
            .filter(move |t| t.role == *role)
            .flat_map(|t| &t.rows)
    }

    /// The table of `role`, when the page has one.
    pub fn table(&self, role: &Role) -> Option<&Table> {
        self.tables.iter().find(|t| t.role == *role)
    }
}

/// Where the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Preamble,
    Function,
    Authorization,
    Uri,
    Request,
    Response(Option<u16>),
    ExampleRequests,
    ExampleResponses(Option<u16>),
    StatusCodes,
    /// `Error Codes` and the site's furniture after it: nothing to read.
    End,
    Other,
}

/// Reads a page saved as plain text.
pub fn read(text: &str) -> Page {
    let lines = layout::lines(text);
    let mut walk = Walk {
        page: Page::default(),
        section: Section::Preamble,
        caption: None,
        objects: VecDeque::new(),
        json: None,
    };
    for block in layout::blocks(&lines) {
        match block {
            Block::Text(line) => walk.text(&line),
            Block::Table(table) => walk.table(table),
        }
    }
    walk.finish_json();
    walk.page
}

struct Walk {
    page: Page,
    section: Section,
    /// The caption of the table that comes next (the one-cell-per-line rendering).
    caption: Option<String>,
    /// Objects rows have named whose tables have not come yet, in the order named: the
    /// `|` rendering has no captions, and gives them in that order.
    objects: VecDeque<String>,
    /// An example's JSON being gathered: its first line and its lines so far.
    json: Option<(usize, Vec<String>)>,
}

impl Walk {
    fn text(&mut self, line: &Line) {
        if let Some((start, _)) = &self.json {
            // A heading cannot be inside JSON (its text would be quoted): an example whose
            // brackets never close, as on a page cut short, ends there and is reported.
            if layout::heading(&line.text).is_none() {
                self.json_line(line);
                return;
            }
            self.page.unplaced.push(Unplaced {
                line: *start,
                text: "{".into(),
                why: "an example whose brackets do not close",
            });
            self.finish_json();
        }
        if let Some(heading) = layout::heading(&line.text) {
            self.heading(heading, line);
            return;
        }
        match self.section {
            Section::Preamble => self.preamble(line),
            Section::Function => {
                if self.page.function.is_none() {
                    self.page.function = Some(at(line.no, line.text.clone()));
                }
                if line.text.to_lowercase().contains("deprecated") && self.page.deprecated.is_none()
                {
                    self.page.deprecated = Some(at(line.no, line.text.clone()));
                }
            }
            Section::Uri => self.uri(line),
            Section::Request => {
                if !cell::is_none(&line.text) {
                    self.page
                        .unplaced
                        .push(Unplaced::new(line, "request parameters outside a table"));
                }
            }
            Section::Response(Some(status)) => {
                if let Some(section) = self
                    .page
                    .responses
                    .iter_mut()
                    .rev()
                    .find(|r| r.status == status)
                    && section.description.is_none()
                    && !section.has_body
                {
                    section.description = Some(line.text.clone());
                }
            }
            Section::ExampleRequests => self.example_request(line),
            Section::ExampleResponses(Some(status)) => self.example_response(status, line),
            Section::Response(None) | Section::ExampleResponses(None) => {
                if !cell::is_none(&line.text) {
                    self.page
                        .unplaced
                        .push(Unplaced::new(line, "text before any `Status code:`"));
                }
            }
            Section::Authorization | Section::StatusCodes | Section::End | Section::Other => {}
        }
    }

    fn heading(&mut self, heading: Heading, line: &Line) {
        self.caption = None;
        self.section = match heading {
            Heading::Function => Section::Function,
            Heading::Authorization => Section::Authorization,
            Heading::Uri => Section::Uri,
            Heading::RequestParameters => Section::Request,
            Heading::ResponseParameters => Section::Response(None),
            Heading::ExampleRequests => Section::ExampleRequests,
            Heading::ExampleResponses => Section::ExampleResponses(None),
            Heading::StatusCodes => Section::StatusCodes,
            Heading::ErrorCodes => Section::End,
            Heading::Other => Section::Other,
            Heading::Caption(caption) => {
                self.caption = Some(caption);
                self.section
            }
            Heading::Status(status) => match self.section {
                Section::Response(_) => {
                    self.page.responses.push(ResponseSection {
                        line: line.no,
                        status,
                        description: None,
                        has_body: false,
                    });
                    Section::Response(Some(status))
                }
                Section::ExampleResponses(_) => {
                    self.page.example_responses.push(at(
                        line.no,
                        ExampleResponse {
                            status,
                            title: None,
                            body: None,
                        },
                    ));
                    Section::ExampleResponses(Some(status))
                }
                other => {
                    self.page
                        .unplaced
                        .push(Unplaced::new(line, "a status code outside the responses"));
                    other
                }
            },
        };
    }

    fn preamble(&mut self, line: &Line) {
        let text = line.text.as_str();
        if let Some(crumbs) = text
            .strip_prefix("Help Center/")
            .or_else(|| text.strip_prefix("文档首页/"))
        {
            let parts: Vec<&str> = crumbs.split('/').map(str::trim).collect();
            if let Some((title, section)) = parts.split_last() {
                self.page.section = Some(at(line.no, section.join(" / ")));
                if self.page.title.is_none() {
                    self.set_title(line.no, title);
                }
            }
        } else if let Some(date) = text
            .strip_prefix("Updated on ")
            .or_else(|| text.strip_prefix("更新时间："))
            .or_else(|| text.strip_prefix("更新时间:"))
        {
            let date = date.split_whitespace().next().unwrap_or_default();
            self.page.updated_on = Some(at(line.no, date.to_string()));
        } else if self.page.title.is_none() {
            self.set_title(line.no, text);
        } else if let Some(title) = text.strip_suffix("(Deprecated)")
            && self
                .page
                .title
                .as_ref()
                .is_some_and(|t| t.value == title.trim())
        {
            // The heading repeats the breadcrumb's title, and may alone say deprecated.
            self.page.deprecated = Some(at(line.no, "(Deprecated)".to_string()));
        }
    }

    fn set_title(&mut self, no: usize, title: &str) {
        // The Chinese edition follows the title with the SDK's name of the operation.
        let title = match title.rsplit_once(" - ") {
            Some((title, sdk)) if is_sdk_name(sdk) => {
                self.page.sdk_name = Some(at(no, sdk.trim().to_string()));
                title.trim()
            }
            _ => title,
        };
        let (title, deprecated) = match title.strip_suffix("(Deprecated)") {
            Some(title) => (title.trim(), true),
            None => (title, false),
        };
        self.page.title = Some(at(no, title.to_string()));
        if deprecated {
            self.page.deprecated = Some(at(no, "(Deprecated)".to_string()));
        }
    }

    fn uri(&mut self, line: &Line) {
        let Some((method, target)) = line.text.split_once(' ') else {
            self.page
                .unplaced
                .push(Unplaced::new(line, "`METHOD /path` under URI"));
            return;
        };
        if !matches!(method, "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD") {
            self.page
                .unplaced
                .push(Unplaced::new(line, "`METHOD /path` under URI"));
            return;
        }
        self.page.method = Some(at(line.no, method.to_string()));
        self.page.path = Some(at(line.no, strip_host(target.trim())));
    }

    fn example_request(&mut self, line: &Line) {
        let text = line.text.as_str();
        if text.starts_with('{') || text.starts_with('[') {
            self.json = Some((line.no, Vec::new()));
            self.json_line(line);
        } else if let Some((method, _)) = text.split_once(' ')
            && matches!(method, "GET" | "POST" | "PUT" | "PATCH" | "DELETE")
        {
            self.page.example_request = Some(at(line.no, text.to_string()));
        }
        // Other lines are the example's caption: prose.
    }

    fn example_response(&mut self, status: u16, line: &Line) {
        let text = line.text.as_str();
        if text.starts_with('{') || text.starts_with('[') {
            self.json = Some((line.no, Vec::new()));
            self.json_line(line);
            return;
        }
        if let Some(example) = self.page.example_responses.last_mut()
            && example.value.status == status
            && example.value.title.is_none()
            && example.value.body.is_none()
        {
            example.value.title = Some(text.to_string());
        }
    }

    fn json_line(&mut self, line: &Line) {
        let Some((_, lines)) = self.json.as_mut() else {
            return;
        };
        lines.push(line.text.clone());
        if balanced(&lines.join("\n")) {
            self.finish_json();
        }
    }

    /// Files the gathered JSON under the example it belongs to.
    fn finish_json(&mut self) {
        let Some((no, lines)) = self.json.take() else {
            return;
        };
        let body = lines.join("\n");
        match self.section {
            Section::ExampleRequests => self.page.example_request_body = Some(at(no, body)),
            Section::ExampleResponses(Some(status)) => {
                if let Some(example) = self
                    .page
                    .example_responses
                    .iter_mut()
                    .rev()
                    .find(|e| e.value.status == status)
                {
                    example.value.body = Some(body);
                }
            }
            _ => {}
        }
    }

    fn table(&mut self, table: layout::Table) {
        let caption = self.caption.take();
        match table.shape {
            TableShape::Authorization => self.authorization(&table),
            TableShape::StatusCodes => self.status_codes(&table),
            TableShape::Parameters | TableShape::Fields => {
                let role = caption
                    .as_deref()
                    .and_then(|c| self.role_of_caption(c))
                    .or_else(|| self.role_in_section(&table));
                match role {
                    Some(role) => self.parameter_table(role, &table),
                    None => self.page.unplaced.push(Unplaced {
                        line: table.line,
                        text: caption.unwrap_or_default(),
                        why: "a table whose role the reader cannot tell",
                    }),
                }
            }
        }
    }

    fn role_of_caption(&self, caption: &str) -> Option<Role> {
        let lower = caption.to_lowercase();
        let status = match self.section {
            Section::Response(status) => status,
            _ => None,
        };
        Some(if lower.starts_with("path parameter") {
            Role::Path
        } else if lower.starts_with("query parameter") {
            Role::Query
        } else if lower.starts_with("request header parameter") {
            Role::Header
        } else if lower.starts_with("request body parameter") {
            Role::Body
        } else if lower.starts_with("response body parameter") {
            Role::Response(status?)
        } else if lower.starts_with("response header parameter") {
            Role::ResponseHeaders(status?)
        } else {
            Role::Object(caption.trim().to_string())
        })
    }

    /// The role of a table without caption, from the section it is in.
    fn role_in_section(&mut self, table: &layout::Table) -> Option<Role> {
        let names: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|r| r.cells.first()?.first())
            .map(|l| l.text.as_str())
            .collect();
        let has = |role: &Role| self.page.tables.iter().any(|t| t.role == *role);
        match self.section {
            Section::Uri => {
                let path = self
                    .page
                    .path
                    .as_ref()
                    .map(|p| p.value.as_str())
                    .unwrap_or("");
                let in_path = names.iter().any(|n| path.contains(&format!("{{{n}}}")));
                Some(if in_path { Role::Path } else { Role::Query })
            }
            Section::Request => {
                let headers = names.iter().all(|n| looks_like_header(n));
                if headers && !has(&Role::Header) {
                    Some(Role::Header)
                } else if !has(&Role::Body) {
                    Some(Role::Body)
                } else {
                    self.objects.pop_front().map(Role::Object)
                }
            }
            Section::Response(Some(status)) => {
                if has(&Role::Response(status)) {
                    self.objects.pop_front().map(Role::Object)
                } else {
                    Some(Role::Response(status))
                }
            }
            _ => None,
        }
    }

    fn parameter_table(&mut self, role: Role, table: &layout::Table) {
        if let Role::Response(status) = role
            && let Some(section) = self
                .page
                .responses
                .iter_mut()
                .rev()
                .find(|r| r.status == status)
        {
            section.has_body = true;
        }
        if let Role::Object(name) = &role {
            self.objects.retain(|o| o != name);
        }
        let mut rows = Vec::new();
        for raw in &table.rows {
            if let Some(row) = self.row(table, raw) {
                if let Some(object) = row.ty.as_ref().and_then(PageType::object)
                    && object != "Object"
                    && !self.objects.iter().any(|o| o == object)
                    && !self
                        .page
                        .tables
                        .iter()
                        .any(|t| t.role == Role::Object(object.to_string()))
                {
                    self.objects.push_back(object.to_string());
                }
                rows.push(row);
            }
        }
        self.page.tables.push(Table {
            line: table.line,
            role,
            rows,
        });
    }

    fn row(&mut self, table: &layout::Table, raw: &layout::Row) -> Option<Row> {
        let columns = if table.shape == TableShape::Parameters {
            4
        } else {
            3
        };
        if raw.cells.len() < columns {
            for line in raw.cells.iter().flatten() {
                self.page
                    .unplaced
                    .push(Unplaced::new(line, "a table line that belongs to no row"));
            }
            return None;
        }
        let first = |n: usize| {
            raw.cells[n]
                .first()
                .map(|l| l.text.clone())
                .unwrap_or_default()
        };
        let name = first(0);
        let (mandatory, ty_text) = if columns == 4 {
            let mandatory = match first(1).as_str() {
                "Yes" | "是" => Some(true),
                "No" | "否" => Some(false),
                _ => {
                    self.page.unplaced.push(Unplaced {
                        line: raw.line,
                        text: first(1),
                        why: "`Yes` or `No` in the Mandatory column",
                    });
                    None
                }
            };
            (mandatory, first(2))
        } else {
            (None, first(1))
        };
        let ty = PageType::parse(&ty_text);
        if ty.is_none() {
            self.page.unplaced.push(Unplaced {
                line: raw.line,
                text: ty_text.clone(),
                why: "a type the reader does not know",
            });
        }
        let facts = cell::facts(
            &raw.cells[columns - 1],
            table.rendering,
            ty.as_ref(),
            &mut self.page.unplaced,
        );
        Some(Row {
            line: raw.line,
            name,
            mandatory,
            ty,
            ty_text,
            facts,
        })
    }

    fn status_codes(&mut self, table: &layout::Table) {
        for row in &table.rows {
            let code = row.cells.first().and_then(|c| c.first());
            let Some(status) = code.and_then(|l| l.text.parse::<u16>().ok()) else {
                for line in row.cells.iter().flatten() {
                    self.page
                        .unplaced
                        .push(Unplaced::new(line, "a status code and its description"));
                }
                continue;
            };
            let description: Vec<&str> = row.cells[1..]
                .iter()
                .flatten()
                .map(|l| l.text.as_str())
                .collect();
            self.page
                .status_codes
                .push(at(row.line, (status, description.join(" "))));
        }
    }

    fn authorization(&mut self, table: &layout::Table) {
        for row in &table.rows {
            let cell = |n: usize| {
                row.cells
                    .get(n)
                    .and_then(|c| c.first())
                    .map(|l| l.text.clone())
            };
            match (cell(0), cell(1)) {
                (Some(action), Some(access_level)) if layout::is_action(&action) => {
                    self.page.authorization.push(at(
                        row.line,
                        Permission {
                            action,
                            access_level,
                        },
                    ));
                }
                _ => {
                    for line in row.cells.iter().flatten() {
                        self.page
                            .unplaced
                            .push(Unplaced::new(line, "an IAM action and its access level"));
                    }
                }
            }
        }
    }
}

fn at<T>(line: usize, value: T) -> At<T> {
    At { line, value }
}

/// `ShowGitCodeRepository`: one word of letters and digits starting with a capital.
fn is_sdk_name(text: &str) -> bool {
    let text = text.trim();
    text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `https://{hostURL}/v4/x` → `/v4/x`; a bare path is kept.
fn strip_host(target: &str) -> String {
    let Some(rest) = target.split_once("://").map(|(_, rest)| rest) else {
        return target.to_string();
    };
    match rest.find('/') {
        Some(slash) => rest[slash..].to_string(),
        None => "/".to_string(),
    }
}

/// A request header's name: `X-Auth-Token`, `Content-Type`.
fn looks_like_header(name: &str) -> bool {
    name.contains('-') && name.chars().next().is_some_and(char::is_uppercase)
}

/// Whether every bracket opened in `json` outside strings is closed (JSON strings do not
/// span lines, so lines can be scanned one by one).
fn balanced(json: &str) -> bool {
    let (opened, closed) = json
        .lines()
        .map(brackets)
        .fold((0, 0), |(o, c), (lo, lc)| (o + lo, c + lc));
    opened > 0 && closed >= opened
}

/// The brackets a line of JSON opens and closes, outside strings.
pub(crate) fn brackets(line: &str) -> (usize, usize) {
    let (mut opened, mut closed, mut in_string, mut escaped) = (0, 0, false, false);
    for c in line.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => opened += 1,
            '}' | ']' => closed += 1,
            _ => {}
        }
    }
    (opened, closed)
}

#[cfg(test)]
mod tests;
