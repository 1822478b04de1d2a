//! The layout of a saved page: its text as numbered lines, the headings that divide it,
//! and its tables, in either rendering the site produces (one cell per line, or one row
//! per line with `|` between cells). What the tables mean is read in `mod.rs`.

use super::cell::PageType;
use super::{Line, Rendering};

/// A heading of the page: a section, a table caption or a status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heading {
    Function,
    Authorization,
    Uri,
    RequestParameters,
    ResponseParameters,
    ExampleRequests,
    ExampleResponses,
    StatusCodes,
    ErrorCodes,
    /// Site furniture whose text carries no fact (`Debugging`, `Calling Method`).
    Other,
    /// `Table 5 BasicRepositoryDto`: the caption after the number.
    Caption(String),
    /// `Status code: 200`.
    Status(u16),
}

/// Reads a line as a heading.
pub fn heading(text: &str) -> Option<Heading> {
    let text = text.trim();
    let fixed = match text {
        "Function" | "Description" | "Functions" => Some(Heading::Function),
        "Authorization Information" | "Authorization" => Some(Heading::Authorization),
        "URI" => Some(Heading::Uri),
        "Request Parameters" | "Request" => Some(Heading::RequestParameters),
        "Response Parameters" | "Response" => Some(Heading::ResponseParameters),
        "Example Requests" | "Example Request" | "Request Examples" => {
            Some(Heading::ExampleRequests)
        }
        "Example Responses" | "Example Response" | "Response Examples" => {
            Some(Heading::ExampleResponses)
        }
        "Status Codes" | "Status Code" => Some(Heading::StatusCodes),
        "Error Codes" | "Error Code" => Some(Heading::ErrorCodes),
        "Debugging" | "Calling Method" => Some(Heading::Other),
        // The Chinese edition's headings.
        "功能介绍" => Some(Heading::Function),
        "授权信息" => Some(Heading::Authorization),
        "请求参数" => Some(Heading::RequestParameters),
        "响应参数" => Some(Heading::ResponseParameters),
        "请求示例" => Some(Heading::ExampleRequests),
        "响应示例" => Some(Heading::ExampleResponses),
        "状态码" => Some(Heading::StatusCodes),
        "错误码" => Some(Heading::ErrorCodes),
        "调试" | "调用方法" => Some(Heading::Other),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    for prefix in ["Status code:", "状态码:", "状态码："] {
        if let Some(code) = text.strip_prefix(prefix) {
            return code.trim().parse().ok().map(Heading::Status);
        }
    }
    let rest = text
        .strip_prefix("Table ")
        .or_else(|| text.strip_prefix("表"))?;
    let (number, caption) = rest.split_once(' ')?;
    (number.chars().all(|c| c.is_ascii_digit()) && !caption.trim().is_empty())
        .then(|| Heading::Caption(caption.trim().to_string()))
}

/// One piece of the page, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Text(Line),
    Table(Table),
}

/// What a table's header says it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableShape {
    /// Parameter, Mandatory, Type, Description.
    Parameters,
    /// Parameter, Type, Description (a response's fields).
    Fields,
    /// Status Code, Description.
    StatusCodes,
    /// Action, Access Level, Resource Type, Condition Key, Alias, Dependencies.
    Authorization,
}

impl TableShape {
    fn of(header: &[String]) -> Option<TableShape> {
        let words: Vec<&str> = header.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["Parameter", "Mandatory", "Type", "Description"]
            | ["参数", "是否必选", "参数类型", "描述"] => Some(TableShape::Parameters),
            ["Parameter", "Type", "Description"] | ["参数", "参数类型", "描述"] => {
                Some(TableShape::Fields)
            }
            [
                "Status Code" | "Status Codes" | "状态码",
                "Description" | "描述",
            ] => Some(TableShape::StatusCodes),
            ["Action" | "授权项", "Access Level" | "访问级别", ..] => {
                Some(TableShape::Authorization)
            }
            _ => None,
        }
    }

    /// The header cells a one-cell-per-line table starts with. The authorization table's
    /// further columns vary by edition, so its first two cells decide it.
    fn headers() -> [&'static [&'static str]; 9] {
        [
            &["参数", "是否必选", "参数类型", "描述"],
            &["参数", "参数类型", "描述"],
            &["状态码", "描述"],
            &["授权项", "访问级别"],
            &["Status Codes", "Description"],
            &["Parameter", "Mandatory", "Type", "Description"],
            &["Parameter", "Type", "Description"],
            &["Status Code", "Description"],
            &["Action", "Access Level"],
        ]
    }
}

/// A table as laid out: its header's line and its rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub line: usize,
    pub shape: TableShape,
    pub rendering: Rendering,
    pub rows: Vec<Row>,
}

/// A row: its first line and its cells, each one or more lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Vec<Line>>,
}

/// The page's non-blank lines, numbered from 1 as in the file. A JSON example's last line
/// that the `|` rendering runs into the next heading (`} Status code: 403`) is split.
pub fn lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        let no = i + 1;
        match glued(text) {
            Some((head, rest)) => {
                lines.push(Line {
                    no,
                    text: head.to_string(),
                });
                lines.push(Line {
                    no,
                    text: rest.to_string(),
                });
            }
            None => lines.push(Line {
                no,
                text: text.to_string(),
            }),
        }
    }
    lines
}

/// An example's last line or request line that the `|` rendering runs into the next
/// heading (`} Status code: 403`, `GET https://... 响应示例`): the two parts.
fn glued(text: &str) -> Option<(&str, &str)> {
    if text.starts_with(['}', ']']) {
        let rest = text[1..].trim();
        return (!rest.is_empty() && heading(rest).is_some()).then(|| (&text[..1], rest));
    }
    let is_request = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE "]
        .iter()
        .any(|m| text.starts_with(m));
    if !is_request {
        return None;
    }
    let (head, rest) = text.rsplit_once(' ')?;
    (heading(rest).is_some() && head.contains(' ')).then_some((head.trim_end(), rest))
}

/// Divides the lines into text and tables.
pub fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((table, next)) = row_table(lines, i).or_else(|| cell_table(lines, i)) {
            blocks.push(Block::Table(table));
            i = next;
        } else {
            blocks.push(Block::Text(lines[i].clone()));
            i += 1;
        }
    }
    blocks
}

/// The cells of a `|`-separated line; `None` when it has no `|`.
fn split_row(text: &str) -> Option<Vec<String>> {
    if !text.contains('|') {
        return None;
    }
    let inner = text.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn is_separator(text: &str) -> bool {
    text.contains("---") && text.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A table in the `|` rendering starting at `i`: a header row, a separator, rows.
fn row_table(lines: &[Line], i: usize) -> Option<(Table, usize)> {
    let header = split_row(&lines[i].text)?;
    if !lines.get(i + 1).is_some_and(|l| is_separator(&l.text)) {
        return None;
    }
    let shape = TableShape::of(&header)?;
    let mut rows = Vec::new();
    let mut j = i + 2;
    while let Some(cells) = lines.get(j).and_then(|l| split_row(&l.text)) {
        if is_separator(&lines[j].text) || TableShape::of(&cells).is_some() {
            break;
        }
        let no = lines[j].no;
        rows.push(Row {
            line: no,
            cells: cells
                .into_iter()
                .map(|text| vec![Line { no, text }])
                .collect(),
        });
        j += 1;
    }
    Some((
        Table {
            line: lines[i].no,
            shape,
            rendering: Rendering::Rows,
            rows,
        },
        j,
    ))
}

/// The header of a one-cell-per-line table starting at line `k`, if one does.
fn header_at(lines: &[Line], k: usize) -> Option<&'static [&'static str]> {
    TableShape::headers().into_iter().find(|header| {
        header
            .iter()
            .enumerate()
            .all(|(n, word)| lines.get(k + n).is_some_and(|l| l.text == *word))
    })
}

/// A table in the one-cell-per-line rendering starting at `i`: its header cells, one per
/// line, then its cells up to the next heading or table.
fn cell_table(lines: &[Line], i: usize) -> Option<(Table, usize)> {
    let header = header_at(lines, i)?;
    let header_words: Vec<String> = header.iter().map(|w| (*w).to_string()).collect();
    let shape = TableShape::of(&header_words)?;
    let mut j = i + header.len();
    if shape == TableShape::Authorization {
        // The columns after the first two, up to the first action.
        while j < lines.len() && !is_action(&lines[j].text) && heading(&lines[j].text).is_none() {
            j += 1;
        }
    }
    let end = (j..lines.len())
        .find(|&k| heading(&lines[k].text).is_some() || header_at(lines, k).is_some())
        .unwrap_or(lines.len());
    let body = &lines[j..end];
    let starts: Vec<usize> = (0..body.len())
        .filter(|&k| row_starts(shape, body, k))
        .collect();
    let mut rows = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let stop = starts.get(n + 1).copied().unwrap_or(body.len());
        rows.push(cell_row(shape, &body[start..stop]));
    }
    // Lines before the first row start belong to no row: keep them as a row of one cell,
    // which the reader reports.
    if let Some(&first) = starts.first().filter(|f| **f > 0) {
        rows.insert(
            0,
            Row {
                line: body[0].no,
                cells: vec![body[..first].to_vec()],
            },
        );
    } else if starts.is_empty() && !body.is_empty() {
        rows.push(Row {
            line: body[0].no,
            cells: vec![body.to_vec()],
        });
    }
    Some((
        Table {
            line: lines[i].no,
            shape,
            rendering: Rendering::Lines,
            rows,
        },
        end,
    ))
}

/// Whether a row of `shape` starts at line `k` of a table's body: a name followed by
/// `Yes`/`No` and a type, a name followed by a type, a status code, an IAM action.
fn row_starts(shape: TableShape, body: &[Line], k: usize) -> bool {
    let text = |n: usize| body.get(k + n).map(|l| l.text.as_str());
    let is_type = |n: usize| text(n).and_then(PageType::parse).is_some();
    let is_name = |n: usize| text(n).is_some_and(|t| !t.contains(' ') && !t.is_empty());
    match shape {
        TableShape::Parameters => is_name(0) && matches!(text(1), Some("Yes" | "No")) && is_type(2),
        TableShape::Fields => {
            is_name(0) && PageType::parse(text(0).unwrap_or("")).is_none() && is_type(1)
        }
        TableShape::StatusCodes => {
            text(0).is_some_and(|t| t.len() == 3 && t.chars().all(|c| c.is_ascii_digit()))
        }
        TableShape::Authorization => text(0).is_some_and(is_action),
    }
}

/// `service:resource:verb`.
pub fn is_action(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "*_-".contains(c))
        })
}

/// Splits a row's lines into its cells: the fixed columns one line each, the rest the
/// last cell.
fn cell_row(shape: TableShape, lines: &[Line]) -> Row {
    let fixed = match shape {
        TableShape::Parameters => 3,
        TableShape::Fields => 2,
        TableShape::StatusCodes => 1,
        TableShape::Authorization => 2,
    };
    let fixed = fixed.min(lines.len());
    let mut cells: Vec<Vec<Line>> = lines[..fixed].iter().map(|l| vec![l.clone()]).collect();
    cells.push(lines[fixed..].to_vec());
    Row {
        line: lines[0].no,
        cells,
    }
}
