//! Response enums are `#[non_exhaustive]`: a match must have a wildcard arm, so a value
//! documented later does not break callers.

fn describe(security: codearts_client::SecurityLevel) -> &'static str {
    match security {
        codearts_client::SecurityLevel::ProductInternal => "project",
        codearts_client::SecurityLevel::TenantInternal => "tenant",
        codearts_client::SecurityLevel::Unknown(_) => "unknown",
    }
}

fn main() {
    let _ = describe(codearts_client::SecurityLevel::TenantInternal);
}
