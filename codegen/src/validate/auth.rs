//! Authentication: `auth_schemes` declare the ways in; services and operations name the
//! ones they accept in `auth`; an `auth: true` parameter is the header of a token scheme.

use super::*;

// ---------------------------------------------------------------------------------------
// Authentication: `auth_schemes` declare the ways in; services and operations name the ones
// they accept in `auth`; an `auth: true` parameter is the header of a token scheme.

/// The scheme ids an operation accepts: its own `auth`, else its service's; `None` when
/// neither says (then an `auth: true` parameter implies a token scheme, in a spec that
/// declares none).
pub fn accepted_auth<'a>(spec: &'a Spec, op: &'a Operation) -> Option<&'a [String]> {
    op.auth
        .as_deref()
        .or_else(|| spec.services.get(&op.service)?.value.auth.as_deref())
}

/// Where an operation's accepted schemes are listed, for messages: the operation's
/// `auth`, else its service's.
pub(super) fn auth_list_at(spec: &Spec, name: &str, op: &Item<Operation>) -> (usize, Vec<String>) {
    match (&op.value.auth, spec.services.get(&op.value.service)) {
        (None, Some(service)) if service.value.auth.is_some() => (
            service.file,
            path(&["services", &op.value.service, "auth"], &[]),
        ),
        _ => (op.file, path(&["operations", name, "auth"], &[])),
    }
}

/// The declared schemes an operation accepts, in its order; unknown ids are skipped
/// (`check_auth_references` reports them).
pub(super) fn accepted_schemes<'a>(
    spec: &'a Spec,
    op: &'a Operation,
) -> Vec<(&'a str, &'a crate::spec::AuthScheme)> {
    accepted_auth(spec, op)
        .unwrap_or_default()
        .iter()
        .filter_map(|id| Some((id.as_str(), &spec.auth_schemes.get(id)?.value)))
        .collect()
}

// Scheme ids are snake_case, like the other names of the spec, and stay distinct once
// camel-cased: the OpenAPI export names its security schemes that way (`iam_token` ->
// `IamToken`).
pub(super) fn check_auth_scheme_ids(cx: &mut Cx) {
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (id, item) in &cx.spec.auth_schemes {
        let at = path(&["auth_schemes", id], &[]);
        if let Some(p) = names::value_name_problem(id) {
            cx.error(item.file, at.clone(), format!("auth scheme id: {p}"));
        }
        if let Some(other) = names.insert(names::camel(id), id) {
            cx.error(
                item.file,
                at,
                format!(
                    "auth schemes `{other}` and `{id}` have the same name `{}` in the OpenAPI export",
                    names::camel(id)
                ),
            );
        }
    }
}

// A `token_header` scheme names the header that carries the token, a valid HTTP header
// name, and no other token scheme uses it; a signing scheme names none, since its
// algorithm fixes the headers it sets.
pub(super) fn check_auth_scheme_headers(cx: &mut Cx) {
    let mut headers: BTreeMap<String, &str> = BTreeMap::new();
    for (id, item) in &cx.spec.auth_schemes {
        let s = &item.value;
        let at = |k: &[&str]| path(&["auth_schemes", id], k);
        match (s.kind, s.header.as_deref()) {
            (AuthKind::TokenHeader, None) => cx.error(
                item.file,
                at(&["kind"]),
                "a `token_header` scheme needs `header`, the header that carries the token (such as X-Auth-Token)",
            ),
            (AuthKind::TokenHeader, Some(header)) => {
                if !is_header_name(header) {
                    cx.error(
                        item.file,
                        at(&["header"]),
                        format!("`{header}` is not a valid HTTP header name"),
                    );
                }
                if let Some(other) = headers.insert(header.to_ascii_lowercase(), id) {
                    cx.error(
                        item.file,
                        at(&["header"]),
                        format!("auth schemes `{other}` and `{id}` both send their token in `{header}`"),
                    );
                }
            }
            (AuthKind::SdkHmacSha256, Some(_)) => cx.error(
                item.file,
                at(&["header"]),
                format!("a `{}` scheme takes no `header`: the signing algorithm sets its own headers", s.kind),
            ),
            (AuthKind::SdkHmacSha256, None) => {}
        }
    }
}

/// RFC 9110 token characters, non-empty.
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

// The `auth` of a service or an operation names declared schemes, each once. (An empty
// list is allowed: the operations take no credentials.)
pub(super) fn check_auth_references(cx: &mut Cx) {
    let known: Vec<&str> = cx.spec.auth_schemes.keys().map(String::as_str).collect();
    let known = if known.is_empty() {
        "none; declare them under `auth_schemes`".to_string()
    } else {
        known.join(", ")
    };
    let services = cx.spec.services.iter().filter_map(|(k, s)| {
        Some((
            s.file,
            path(&["services", k, "auth"], &[]),
            s.value.auth.as_ref()?,
        ))
    });
    let operations = cx.spec.operations.iter().filter_map(|(k, o)| {
        Some((
            o.file,
            path(&["operations", k, "auth"], &[]),
            o.value.auth.as_ref()?,
        ))
    });
    let lists: Vec<_> = services.chain(operations).collect();
    for (file, at, ids) in lists {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !cx.spec.auth_schemes.contains_key(id) {
                cx.error(
                    file,
                    at.clone(),
                    format!("unknown auth scheme `{id}` (declared: {known})"),
                );
            } else if !seen.insert(id) {
                cx.error(
                    file,
                    at.clone(),
                    format!("auth scheme `{id}` is listed twice"),
                );
            }
        }
    }
}

// Once the spec declares auth schemes, every operation says which it accepts, in its own
// `auth` or its service's: otherwise it would silently fall back to the token header its
// `auth: true` parameter implies (the rule for specs that declare no scheme at all).
pub(super) fn check_auth_declared_everywhere(cx: &mut Cx) {
    if cx.spec.auth_schemes.is_empty() {
        return;
    }
    for (name, op) in &cx.spec.operations {
        // An operation of an unknown service is reported as that; whether it accepts
        // credentials cannot be told without its service.
        let known_service = cx.spec.services.contains_key(&op.value.service);
        if known_service && accepted_auth(cx.spec, &op.value).is_none() {
            cx.error(
                op.file,
                path(&["operations", name], &[]),
                format!(
                    "operation `{name}` accepts no declared auth scheme: list scheme ids in \
                     its service's `auth` or its own (`auth: []` if it takes no credentials)"
                ),
            );
        }
    }
}

// An operation accepts at most one scheme of each kind: the client holds one credential
// of a kind, and would have to guess between two token headers or two signatures.
pub(super) fn check_auth_kinds_distinct(cx: &mut Cx) {
    for (name, op) in &cx.spec.operations {
        let mut kinds: BTreeMap<AuthKind, &str> = BTreeMap::new();
        for (id, scheme) in accepted_schemes(cx.spec, &op.value) {
            // An id listed twice is `check_auth_references`' to report.
            if kinds.get(&scheme.kind) == Some(&id) {
                continue;
            }
            if let Some(other) = kinds.insert(scheme.kind, id) {
                let (file, at) = auth_list_at(cx.spec, name, op);
                cx.error(
                    file,
                    at,
                    format!(
                        "operation `{name}` accepts two `{}` schemes, `{other}` and `{id}`; keep one",
                        scheme.kind
                    ),
                );
            }
        }
    }
}

// An `auth: true` parameter is the header of a `token_header` scheme the operation
// accepts. That ties the documented parameter, and the constraints it carries, to the
// credential the client sends in its place.
pub(super) fn check_auth_parameters_have_schemes(cx: &mut Cx) {
    for (name, op) in &cx.spec.operations {
        if accepted_auth(cx.spec, &op.value).is_none() {
            continue;
        }
        let schemes = accepted_schemes(cx.spec, &op.value);
        for p in op.value.parameters.iter().filter(|p| p.auth) {
            let tied = schemes.iter().any(|(_, s)| {
                s.kind == AuthKind::TokenHeader
                    && s.header
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(&p.name))
            });
            if !tied {
                cx.error(
                    op.file,
                    path(&["operations", name, "parameters", &p.name, "auth"], &[]),
                    format!(
                        "`{}` is filled from the client's credentials, but operation `{name}` \
                         accepts no `token_header` scheme with that header",
                        p.name
                    ),
                );
            }
        }
    }
}

// Each `token_header` scheme an operation accepts has its header among the operation's
// parameters, marked `auth: true`: the pages document the token as a parameter, with
// constraints the client checks, and the generated docs list it.
pub(super) fn check_token_schemes_have_parameters(cx: &mut Cx) {
    for (name, op) in &cx.spec.operations {
        for (id, scheme) in accepted_schemes(cx.spec, &op.value) {
            let Some(header) = scheme.header.as_deref() else {
                continue;
            };
            if scheme.kind != AuthKind::TokenHeader {
                continue;
            }
            let documented = op
                .value
                .parameters
                .iter()
                .any(|p| p.auth && p.name.eq_ignore_ascii_case(header));
            if !documented {
                let (file, at) = auth_list_at(cx.spec, name, op);
                cx.error(
                    file,
                    at,
                    format!(
                        "operation `{name}` accepts `{id}`, but documents no `{header}` \
                         parameter with `auth: true`; add it (with the page's constraints)"
                    ),
                );
            }
        }
    }
}

// Every declared scheme is accepted by some operation; an unused one is a leftover that
// the export would still advertise.
pub(super) fn check_auth_schemes_used(cx: &mut Cx) {
    // An operation of an unknown service (reported as that) may be the one that accepts
    // a scheme through its service; without it, "unused" could be a false lead.
    if cx
        .spec
        .operations
        .values()
        .any(|op| !cx.spec.services.contains_key(&op.value.service))
    {
        return;
    }
    let used: BTreeSet<&str> = cx
        .spec
        .operations
        .values()
        .filter_map(|op| accepted_auth(cx.spec, &op.value))
        .flatten()
        .map(String::as_str)
        .collect();
    for (id, item) in &cx.spec.auth_schemes {
        if !used.contains(id.as_str()) {
            cx.error(
                item.file,
                path(&["auth_schemes", id], &[]),
                format!("auth scheme `{id}` is accepted by no operation"),
            );
        }
    }
}
