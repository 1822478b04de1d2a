//! The reader on two fixture pages written for these tests in the site's layout: the same
//! operation in the one-cell-per-line rendering and in the `|` rendering.

use super::*;
use crate::spec::Number;

const LINES: &str = include_str!("fixtures/lines.txt");
const ROWS: &str = include_str!("fixtures/rows.txt");

fn both() -> [(&'static str, Page); 2] {
    [("lines", read(LINES)), ("rows", read(ROWS))]
}

fn names(page: &Page, role: &Role) -> Vec<String> {
    page.rows(role).map(|r| r.name.clone()).collect()
}

fn row<'p>(page: &'p Page, role: &Role, name: &str) -> &'p Row {
    page.rows(role)
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name} in {role:?}"))
}

/// The line of the first line of `page` that contains `text`.
fn line_of(page: &str, text: &str) -> usize {
    page.lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not in the fixture"))
        + 1
}

#[test]
fn the_preamble_gives_breadcrumb_title_and_date() {
    let page = read(LINES);
    let section = page.section.expect("a breadcrumb");
    assert_eq!(
        section.value,
        "CodeArts Repo / API Reference / APIs / V4 / Label"
    );
    assert_eq!(section.line, 1);
    assert_eq!(
        page.title.map(|t| t.value).as_deref(),
        Some("Creating Labels in Batches")
    );
    assert_eq!(
        page.updated_on.map(|d| d.value).as_deref(),
        Some("2026-03-14")
    );
    assert!(page.deprecated.is_none());

    // The `|` rendering starts at the title and has no date.
    let page = read(ROWS);
    assert!(page.section.is_none() && page.updated_on.is_none());
    assert_eq!(
        page.title.map(|t| t.value).as_deref(),
        Some("Creating Labels in Batches")
    );
}

#[test]
fn method_path_and_authorization_are_read_in_both_renderings() {
    for (rendering, page) in both() {
        let method = page.method.as_ref().expect("a method");
        assert_eq!(method.value, "POST", "{rendering}");
        assert_eq!(
            page.path.as_ref().map(|p| p.value.as_str()),
            Some("/v4/repositories/{repository_id}/labels"),
            "{rendering}"
        );
        assert_eq!(
            page.authorization
                .iter()
                .map(|a| (a.value.action.as_str(), a.value.access_level.as_str()))
                .collect::<Vec<_>>(),
            [("codeartsrepo:label:create", "Write")],
            "{rendering}"
        );
    }
}

#[test]
fn every_table_gets_its_role_in_both_renderings() {
    for (rendering, page) in both() {
        assert_eq!(names(&page, &Role::Path), ["repository_id"], "{rendering}");
        assert_eq!(names(&page, &Role::Query), ["mode"], "{rendering}");
        assert_eq!(names(&page, &Role::Header), ["X-Auth-Token"], "{rendering}");
        assert_eq!(
            names(&page, &Role::Body),
            ["labels", "dry_run", "tags"],
            "{rendering}"
        );
        assert_eq!(
            names(&page, &Role::Object("LabelSpec".into())),
            ["name", "color", "aliases", "priority", "weight", "scope"],
            "{rendering}"
        );
        assert_eq!(
            names(&page, &Role::Response(201)),
            ["created", "total"],
            "{rendering}"
        );
        assert_eq!(
            names(&page, &Role::Object("Label".into())),
            ["id", "name", "owner"],
            "{rendering}"
        );
        assert_eq!(
            names(&page, &Role::Object("Owner".into())),
            ["name"],
            "{rendering}"
        );
        assert_eq!(
            names(&page, &Role::Response(401)),
            ["error_code", "error_msg"],
            "{rendering}"
        );
    }
}

#[test]
fn rows_carry_mandatory_type_and_their_facts() {
    let int = |i| Some(Number::Int(i));
    for (rendering, page) in both() {
        let id = row(&page, &Role::Path, "repository_id");
        assert_eq!(id.mandatory, Some(true), "{rendering}");
        assert_eq!(id.ty, Some(PageType::Integer), "{rendering}");
        assert_eq!(
            id.facts.bounds.map(|b| b.1),
            Some(Bounds {
                min: int(1),
                max: int(2_147_483_647)
            }),
            "{rendering}"
        );

        let mode = row(&page, &Role::Query, "mode");
        assert_eq!(mode.mandatory, Some(false));
        let values: Vec<_> = mode
            .facts
            .values
            .iter()
            .map(|(_, v)| (v.value.as_str(), v.description.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("skip", Some("keep the existing label")),
                ("replace", Some("overwrite it"))
            ],
            "{rendering}"
        );
        assert_eq!(
            mode.facts.default.as_ref().map(|d| d.1.as_str()),
            Some("skip")
        );

        let token = row(&page, &Role::Header, "X-Auth-Token");
        assert_eq!(
            token.facts.length.map(|l| l.1),
            Some(Length {
                min: Some(1),
                max: Some(100_000)
            }),
            "{rendering}"
        );
        assert_eq!(token.facts.default, None, "{rendering}");

        let labels = row(&page, &Role::Body, "labels");
        assert_eq!(
            labels.ty,
            Some(PageType::Array(Box::new(PageType::Object(
                "LabelSpec".into()
            ))))
        );
        let tags = row(&page, &Role::Body, "tags");
        assert_eq!(tags.ty, Some(PageType::Map(Box::new(PageType::String))));
        let dry_run = row(&page, &Role::Body, "dry_run");
        assert_eq!(
            dry_run.facts.default.as_ref().map(|d| d.1.as_str()),
            Some("false")
        );

        let spec = Role::Object("LabelSpec".into());
        assert_eq!(
            row(&page, &spec, "name").facts.length.map(|l| l.1),
            Some(Length {
                min: Some(1),
                max: Some(64)
            })
        );
        assert_eq!(
            row(&page, &spec, "color")
                .facts
                .rule
                .as_ref()
                .map(|r| r.1.as_str()),
            Some("A hash sign followed by six hexadecimal digits")
        );
        let priority = row(&page, &spec, "priority");
        assert_eq!(
            priority.facts.bounds.map(|b| b.1),
            Some(Bounds {
                min: int(0),
                max: int(10)
            })
        );
        assert_eq!(
            priority.facts.default.as_ref().map(|d| d.1.as_str()),
            Some("5")
        );
        assert_eq!(row(&page, &Role::Response(201), "total").mandatory, None);
        assert_eq!(
            row(&page, &spec, "aliases").ty,
            Some(PageType::Array(Box::new(PageType::String))),
            "{rendering}"
        );
        assert_eq!(
            row(&page, &Role::Object("Label".into()), "owner").ty,
            Some(PageType::Object("Owner".into())),
            "{rendering}"
        );
        let weight = row(&page, &spec, "weight");
        assert_eq!(weight.ty, Some(PageType::Number), "{rendering}");
        assert_eq!(
            weight.facts.bounds.map(|b| b.1),
            Some(Bounds {
                min: int(0),
                max: int(1)
            })
        );
    }
}

#[test]
fn responses_examples_and_status_codes_are_read_in_both_renderings() {
    for (rendering, page) in both() {
        let statuses: Vec<_> = page
            .responses
            .iter()
            .map(|r| (r.status, r.has_body, r.description.as_deref()))
            .collect();
        assert_eq!(
            statuses,
            [
                (201, true, None),
                (400, false, Some("The labels are not valid.")),
                (401, true, None)
            ],
            "{rendering}"
        );
        assert_eq!(
            page.example_request.as_ref().map(|r| r.value.as_str()),
            Some("POST https://{endpoint}/v4/repositories/1001/labels?mode=replace")
        );
        let body: serde_json::Value = serde_json::from_str(
            &page
                .example_request_body
                .as_ref()
                .expect("a request body")
                .value,
        )
        .expect("the example body is JSON");
        assert_eq!(body["labels"][1]["name"], "docs", "{rendering}");

        let examples: Vec<_> = page
            .example_responses
            .iter()
            .map(|e| (e.value.status, e.value.title.as_deref()))
            .collect();
        assert_eq!(
            examples,
            [(201, Some("Created")), (401, Some("Unauthorized"))]
        );
        for example in &page.example_responses {
            let body = example.value.body.as_deref().expect("a body");
            serde_json::from_str::<serde_json::Value>(body)
                .unwrap_or_else(|e| panic!("{rendering}: {body}: {e}"));
        }
        let codes: Vec<_> = page.status_codes.iter().map(|s| s.value.0).collect();
        assert_eq!(codes, [201, 400, 401], "{rendering}");
    }
}

#[test]
fn what_the_reader_cannot_classify_is_reported_with_its_line() {
    for (rendering, page, text) in [("lines", read(LINES), LINES), ("rows", read(ROWS), ROWS)] {
        let unplaced: Vec<_> = page
            .unplaced
            .iter()
            .map(|u| (u.line, u.text.as_str()))
            .collect();
        assert_eq!(
            unplaced,
            [(
                line_of(text, "Whatever the owner chooses"),
                "Whatever the owner chooses."
            )],
            "{rendering}"
        );
    }
}

#[test]
fn lines_give_each_fact_the_line_it_is_on() {
    let page = read(LINES);
    let limit = row(&page, &Role::Object("LabelSpec".into()), "priority");
    assert_eq!(limit.line, line_of(LINES, "priority"));
    assert_eq!(
        limit.facts.bounds.map(|b| b.0),
        Some(line_of(LINES, "0~10"))
    );
    assert_eq!(
        page.method.map(|m| m.line),
        Some(line_of(LINES, "POST https://{hostURL}"))
    );

    let page = read(ROWS);
    let limit = row(&page, &Role::Object("LabelSpec".into()), "priority");
    assert_eq!(limit.line, line_of(ROWS, "| priority |"));
}

#[test]
fn a_deprecated_page_and_unknown_types_are_read_as_such() {
    let text = "Help Center/ CodeArts Repo/ API Reference/ Old/ Removing a Label (Deprecated)\n\
                Updated on 2025-01-02 GMT+08:00\n\
                Function\n\
                This API has been deprecated. Use the batch API instead.\n\
                URI\n\
                DELETE /v2/labels/{label_id}\n\
                Table 1 Path parameters\n\
                Parameter\nMandatory\nType\nDescription\n\
                label_id\nYes\nString\nLabel ID.\n\
                weight\nNo\nInteger\nWeight.\n\
                Table 2 Query parameters\n\
                Parameter\nMandatory\nType\nDescription\n\
                Orphan line before any row.\n\
                force\nMaybe\nBoolean\nForce it.\n";
    let page = read(text);
    assert_eq!(
        page.title.as_ref().map(|t| t.value.as_str()),
        Some("Removing a Label")
    );
    assert!(page.deprecated.is_some());
    assert_eq!(names(&page, &Role::Path), ["label_id", "weight"]);
    let why: Vec<_> = page.unplaced.iter().map(|u| (u.line, u.why)).collect();
    assert_eq!(
        why,
        (25..=29)
            .map(|line| (line, "a table line that belongs to no row"))
            .collect::<Vec<_>>()
    );
}

const ROWS_ZH: &str = include_str!("fixtures/rows_zh.txt");

#[test]
fn the_chinese_edition_is_read_with_its_own_words() {
    let page = read(ROWS_ZH);
    assert_eq!(
        page.title.as_ref().map(|t| t.value.as_str()),
        Some("批量创建标签")
    );
    assert_eq!(
        page.sdk_name.as_ref().map(|n| n.value.as_str()),
        Some("CreateLabels")
    );
    assert_eq!(
        page.updated_on.as_ref().map(|d| d.value.as_str()),
        Some("2026-03-20")
    );
    assert_eq!(page.method.as_ref().map(|m| m.value.as_str()), Some("POST"));
    assert_eq!(page.authorization.len(), 1);
    assert_eq!(names(&page, &Role::Path), ["repository_id"]);
    assert_eq!(names(&page, &Role::Query), ["mode"]);
    assert_eq!(names(&page, &Role::Header), ["X-Auth-Token"]);
    assert_eq!(names(&page, &Role::Body), ["labels", "dry_run", "tags"]);
    let spec = Role::Object("LabelSpec".into());
    assert_eq!(
        names(&page, &spec),
        ["name", "color", "aliases", "priority", "weight", "scope"]
    );
    assert_eq!(
        names(&page, &Role::Object("Label".into())),
        ["id", "name", "owner"]
    );
    assert_eq!(names(&page, &Role::Object("Owner".into())), ["name"]);

    let int = |i| Some(Number::Int(i));
    assert_eq!(
        row(&page, &Role::Path, "repository_id").mandatory,
        Some(true)
    );
    let mode = row(&page, &Role::Query, "mode");
    assert_eq!(mode.mandatory, Some(false));
    let values: Vec<_> = mode
        .facts
        .values
        .iter()
        .map(|(_, v)| v.value.as_str())
        .collect();
    assert_eq!(values, ["skip", "replace"]);
    assert_eq!(
        mode.facts.default.as_ref().map(|d| d.1.as_str()),
        Some("skip")
    );
    let token = row(&page, &Role::Header, "X-Auth-Token");
    assert_eq!(token.facts.default, None);
    assert_eq!(
        token.facts.length.map(|l| l.1),
        Some(Length {
            min: Some(1),
            max: Some(100_000)
        })
    );
    let priority = row(&page, &spec, "priority");
    assert_eq!(
        priority.facts.bounds.map(|b| b.1),
        Some(Bounds {
            min: int(0),
            max: int(10)
        })
    );
    assert_eq!(
        priority.facts.default.as_ref().map(|d| d.1.as_str()),
        Some("5")
    );
    // Above 0, for an integer, is at least 1.
    assert_eq!(
        row(&page, &spec, "scope").facts.bounds.map(|b| b.1),
        Some(Bounds {
            min: int(1),
            max: None
        })
    );
    assert!(row(&page, &spec, "color").facts.rule.is_some());

    assert_eq!(
        page.example_request.as_ref().map(|r| r.value.as_str()),
        Some("POST https://{endpoint}/v4/repositories/1001/labels?mode=replace")
    );
    let examples: Vec<_> = page
        .example_responses
        .iter()
        .map(|e| {
            (
                e.value.status,
                e.value.title.as_deref(),
                e.value.body.is_some(),
            )
        })
        .collect();
    assert_eq!(examples, [(201, Some("Created"), true)]);
    assert_eq!(page.status_codes.len(), 1);
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}

#[test]
fn an_example_cut_short_ends_at_the_next_heading_and_is_reported() {
    let text = "Title\nExample Responses\nStatus code: 200\nOK\n{\n\"a\" : [ 1,\nStatus code: 401\nUnauthorized\n{ \"e\" : 1 }\nStatus Codes\n";
    let page = read(text);
    let statuses: Vec<_> = page
        .example_responses
        .iter()
        .map(|e| e.value.status)
        .collect();
    assert_eq!(statuses, [200, 401]);
    assert_eq!(
        page.example_responses[1].value.body.as_deref(),
        Some("{ \"e\" : 1 }")
    );
    assert_eq!(page.unplaced.len(), 1, "{:?}", page.unplaced);
    assert_eq!(page.unplaced[0].line, 5);
    assert_eq!(
        page.unplaced[0].why,
        "an example whose brackets do not close"
    );
}

#[test]
fn a_page_cut_short_at_any_line_or_character_is_read_without_panicking() {
    for text in [LINES, ROWS, ROWS_ZH] {
        let lines: Vec<&str> = text.lines().collect();
        for k in 0..=lines.len() {
            let page = read(&lines[..k].join("\n"));
            // A table is never given rows from beyond the cut.
            assert!(
                page.tables
                    .iter()
                    .flat_map(|t| &t.rows)
                    .all(|r| r.line <= k)
            );
        }
        for (at, _) in text.char_indices().step_by(7) {
            read(&text[..at]);
        }
    }
}

#[test]
fn an_authorization_table_of_any_columns_is_read_in_the_line_rendering() {
    for header in [
        "Action\nAccess Level\nResource Type (*: required)\nCondition Key\nAlias\nDependencies",
        "授权项\n访问级别\n资源类型（*为必须）\n条件键\n别名\n依赖的授权项",
        "Action\nAccess Level\nDependencies",
    ] {
        let text = format!(
            "Title\nAuthorization Information\n{header}\ncodeartsrepo:label:list\nRead\n-\n-\nURI\nGET /v1/labels\n"
        );
        let page = read(&text);
        let rows: Vec<_> = page
            .authorization
            .iter()
            .map(|a| (a.value.action.as_str(), a.value.access_level.as_str()))
            .collect();
        assert_eq!(rows, [("codeartsrepo:label:list", "Read")], "{header}");
        assert!(page.unplaced.is_empty(), "{header}: {:?}", page.unplaced);
        assert_eq!(page.method.map(|m| m.value).as_deref(), Some("GET"));
    }
}
