//! The five synthetic shapes that send a JSON body, one per kind of body the real
//! reference has: a create of a nested request model (numbers with inclusive and exclusive
//! bounds, a map, an array of models, an enum with a default) with its example body; a PUT
//! of a top-level array of models answered by a bare `true`; a DELETE of an array of
//! strings answered by 204; a run whose body is optional, of arrays of models and strings
//! (for every other entity, a POST search marked idempotent and paged through its body);
//! and a PATCH of the request model the create nests, under an enumerated path segment,
//! answered by a 204 that may carry the model.

use std::fmt::Write as _;

use super::{Entity, example, q};

/// The error statuses every body shape documents.
fn errors(t: &mut String) {
    t.push_str(
        r#"      400:
        description: Bad Request
        body: error
        model: ErrorBody
      401:
        description: Unauthorized
        body: error
        model: ErrorBody
"#,
    );
}

impl Entity {
    pub(super) fn create(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head_as(
            t,
            "POST",
            &format!("create_{s}"),
            (&format!("Creating a {c}"), c),
            &format!("/v4/{p}"),
            &format!("Create a {s}."),
            &format!("Creates a {s} with its settings and first members."),
        );
        Self::auth(t);
        writeln!(
            t,
            r#"    body:
      description: "The {s} to create."
      type: model
      model: New{c}
      required: true
    responses:
      201:
        description: Created
        body: json
        model: {c}Detail"#
        )
        .unwrap();
        errors(t);
        writeln!(
            t,
            "    examples:\n      request_body: {}",
            q(&format!(
                r#"{{"name": "{s}-1", "visibility": "private", "settings": {{"weight": 2.5, "labels": {{"team": "core"}}}}, "members": [{{"user_id": "0f3a5c1e2b7d4f6a8c9e1b2d3f4a5c6e", "role": 30}}]}}"#
            ))
        )
        .unwrap();
        t.push_str("      responses:\n");
        example(t, 201, "Created", &self.detail_json());
    }

    pub(super) fn update_members(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head_as(
            t,
            "PUT",
            &format!("update_{s}_members"),
            (&format!("Updating the Members of a {c}"), c),
            &format!("/v4/{p}/{{{s}_id}}/members"),
            &format!("Replace the members of a {s}."),
            &format!("Sets the members of a {s} and the role of each."),
        );
        self.id_param(t);
        Self::auth(t);
        writeln!(
            t,
            r#"    body:
      description: "Every member the {s} keeps."
      type: array
      model: {c}MemberGrant
      required: true
      min_items: 1
      max_items: 100
    responses:
      200:
        description: "Whether the members were set."
        body: json
        value:
          type: boolean"#
        )
        .unwrap();
        errors(t);
        writeln!(
            t,
            "    examples:\n      request_body: {}\n      responses:",
            q(r#"[{"user_id": "0f3a5c1e2b7d4f6a8c9e1b2d3f4a5c6e", "role": 20}]"#)
        )
        .unwrap();
        example(t, 200, "OK", "true");
    }

    pub(super) fn delete_tags(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head_as(
            t,
            "DELETE",
            &format!("delete_{s}_tags"),
            (&format!("Deleting Tags of a {c} in Batches"), c),
            &format!("/v4/{p}/{{{s}_id}}/tags"),
            &format!("Delete tags of a {s}."),
            &format!("Deletes the named tags of a {s}; a tag it does not have is skipped."),
        );
        self.id_param(t);
        Self::auth(t);
        writeln!(
            t,
            r#"    deprecated: "Tags move to labels in settings; set them with update_{s}_settings."
    body:
      description: "Names of the tags to delete."
      type: array
      items: string
      required: true
      min_items: 1
      max_items: 50
    responses:
      204:
        description: "The tags are deleted."
        body: none"#
        )
        .unwrap();
        errors(t);
        writeln!(
            t,
            "    examples:\n      request_body: {}",
            q(r#"["v1.0", "v1.1"]"#)
        )
        .unwrap();
    }

    /// A run of a job, or (every other entity) a search of its jobs.
    pub(super) fn run_job(&self, t: &mut String) {
        if self.odd() {
            return self.search_jobs(t);
        }
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head_as(
            t,
            "POST",
            &format!("run_{s}_job"),
            (&format!("Running a {c} Job"), c),
            &format!("/v4/{p}/{{{s}_id}}/jobs"),
            &format!("Run a job of a {s}."),
            &format!("Starts a job of a {s}, with custom parameters and stages where given."),
        );
        self.id_param(t);
        Self::auth(t);
        writeln!(
            t,
            r#"    body:
      description: "What to run the job with; without it, the job runs as configured."
      type: model
      model: {c}JobRun
    responses:
      200:
        description: OK
        body: json
        model: {c}JobResult"#
        )
        .unwrap();
        errors(t);
    }

    /// A POST that only reads (marked idempotent), paged by an offset and a limit in its
    /// optional body.
    fn search_jobs(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head_as(
            t,
            "POST",
            &format!("search_{s}_jobs"),
            (&format!("Searching the Jobs of a {c}"), c),
            &format!("/v4/{p}/{{{s}_id}}/jobs/search"),
            &format!("Search the jobs of a {s}."),
            &format!("Returns one page of the job runs of a {s}; the body chooses the page."),
        );
        self.id_param(t);
        Self::auth(t);
        writeln!(
            t,
            r#"    idempotent: true
    body:
      description: "Which runs and which page; without it, the first page of every run."
      type: model
      model: {c}JobQuery
    responses:
      200:
        description: OK
        body: json
        model: {c}JobPage"#
        )
        .unwrap();
        errors(t);
        writeln!(
            t,
            r#"    pagination:
      style: offset
      in: body
      cursor: offset
      size: limit
      items: runs
    examples:
      request_body: {}
      responses:"#,
            q(r#"{"queued": true, "offset": 0, "limit": 10}"#)
        )
        .unwrap();
        example(
            t,
            200,
            "OK",
            r#"{"total": 1, "runs": [{"run_id": "r-1", "queued": true}]}"#,
        );
    }

    pub(super) fn update_settings(&self, t: &mut String) {
        let (s, c, p) = (&self.snake, &self.camel, &self.plural);
        self.head_as(
            t,
            "PATCH",
            &format!("update_{s}_settings"),
            (&format!("Updating the Settings of a {c}"), c),
            &format!("/v4/{p}/{{{s}_id}}/settings/{{section}}"),
            &format!("Change one section of the settings of a {s}."),
            &format!(
                "Changes the settings of a {s} that the body sets; the others stay. The answer may carry the settings now in force."
            ),
        );
        self.id_param(t);
        t.push_str(
            r#"      - name: section
        in: path
        type: string
        required: true
        description: "Which section of the settings to change."
        enum:
          - value: general
            description: "Weight, budget and labels."
          - value: archive
            description: "Whether it is archived."
        type_name: SettingsSection
"#,
        );
        Self::auth(t);
        writeln!(
            t,
            r#"    body:
      description: "The settings to change."
      type: model
      model: {c}Settings
      required: true
    responses:
      204:
        description: "The settings are changed; the body, when there is one, holds them all."
        body: json
        model: {c}Settings
        may_be_empty: true"#
        )
        .unwrap();
        errors(t);
    }

    /// The request models of the body shapes this entity has, and the model its run
    /// answers with.
    pub(super) fn body_models(&self, t: &mut String) {
        let (s, c) = (&self.snake, &self.camel);
        if self.shapes > 5 {
            writeln!(
                t,
                r#"  New{c}:
    description: "A {s} to create."
    fields:
      - name: name
        type: string
        required: true
        description: "Name of the {s}."
        min_length: 1
        max_length: 100
        pattern: "^[A-Za-z0-9_.-]+$"
        type_name: {c}Name
      - name: description
        type: string
        description: "Description of the {s}."
        max_length: 2000
      - name: visibility
        type: string
        description: "Who can see the {s}."
        default: private
        enum:
          - value: private
            description: "Members only."
          - value: public
            description: "Everyone."
        type_name: {c}Visibility
      - name: settings
        type: model
        model: {c}Settings
        description: "Settings of the {s}."
      - name: members
        type: array
        model: {c}MemberGrant
        description: "First members of the {s}."
        max_items: 100
  {c}Settings:
    description: "Settings of a {s}."
    fields:
      - name: weight
        type: number
        description: "Share of the {s} in its project's quota."
        exclusive_minimum: 0
        maximum: 100.5
      - name: budget
        type: number
        description: "Budget, in any unit."
      - name: labels
        type: map
        items: string
        description: "Free labels by name."
      - name: archived
        type: boolean
        description: "Whether the {s} is archived.""#
            )
            .unwrap();
        }
        if self.shapes > 5 {
            writeln!(
                t,
                r#"  {c}MemberGrant:
    description: "One member of a {s} and their role."
    fields:
      - name: user_id
        type: string
        required: true
        description: "User ID, 32 letters and digits."
        length: 32
        pattern: "^[A-Za-z0-9]{{32}}$"
        type_name: {c}UserId
      - name: role
        type: int32
        required: true
        description: "Role of the member."
        enum:
          - value: 20
            name: Reporter
            description: "Reads."
          - value: 30
            name: Developer
            description: "Writes."
          - value: 40
            name: Maintainer
            description: "Administers."
        type_name: {c}Role"#
            )
            .unwrap();
        }
        if self.shapes > 8 && self.odd() {
            writeln!(
                t,
                r#"  {c}JobQuery:
    description: "Which job runs of a {s} to list, one page at a time."
    fields:
      - name: queued
        type: boolean
        description: "Only runs that wait for a worker (true) or that do not (false)."
      - name: offset
        type: int32
        description: "Runs to skip; counting starts at 0."
        minimum: 0
        maximum: 2147483647
      - name: limit
        type: int32
        description: "Runs per page."
        default: 10
        minimum: 1
        maximum: 100
  {c}JobPage:
    description: "One page of the job runs of a {s}."
    fields:
      - name: total
        type: int32
        description: "Runs that match, on every page."
      - name: runs
        type: array
        model: {c}JobResult
        description: "The runs on this page.""#
            )
            .unwrap();
        }
        if self.shapes > 8 && !self.odd() {
            writeln!(
                t,
                r#"  {c}JobRun:
    description: "How to run a job of a {s}."
    fields:
      - name: parameters
        type: array
        model: {c}JobParameter
        description: "Custom parameters of the run."
        max_items: 50
      - name: stages
        type: array
        items: string
        description: "Stages to run."
  {c}JobParameter:
    description: "One custom parameter of a job run."
    fields:
      - name: name
        type: string
        required: true
        description: "Name of the parameter."
        max_length: 128
        pattern: "^[A-Za-z0-9_]+$"
        type_name: {c}ParameterName
      - name: value
        type: string
        required: true
        description: "Value of the parameter."
        max_length: 8192
        type_name: {c}ParameterValue"#
            )
            .unwrap();
        }
        if self.shapes > 8 {
            writeln!(
                t,
                r#"  {c}JobResult:
    description: "A job run."
    fields:
      - name: run_id
        type: string
        description: "ID of the run."
      - name: queued
        type: boolean
        description: "Whether the run waits for a free worker.""#
            )
            .unwrap();
        }
    }
}
