//! The constrained parameter types on their own: every way in runs the documented checks,
//! a rejection names the type, the constraint and the value (never a secret), and the
//! documented defaults are what the pages say.

use codearts_client::check::Failure;
use codearts_client::{
    ArchiveFormat, ArchivePath, AuthToken, Constraint, ConstraintError, EndpointId, GitCodeLimit,
    GitCodeOffset, Limit, Offset, OrderBy, Page, PageSize, ProjectId, RepoId, RepositoryId,
    SortOrder,
};

fn failure(constraint: Constraint, value: &str) -> Failure {
    Failure {
        constraint,
        value: value.to_owned(),
    }
}

/// Asserts that `error` is about `type_name`, with exactly `failures`, and displays as
/// `display`.
fn assert_rejected(error: ConstraintError, type_name: &str, failures: &[Failure], display: &str) {
    assert_eq!(error.type_name(), type_name);
    assert_eq!(error.failures(), failures);
    assert_eq!(error.to_string(), display);
}

#[test]
fn limit() {
    assert_rejected(
        Limit::new(101).unwrap_err(),
        "Limit",
        &[failure(Constraint::Maximum(100), "101")],
        "invalid Limit: must be at most 100, got 101",
    );
    assert_rejected(
        Limit::try_from(0).unwrap_err(),
        "Limit",
        &[failure(Constraint::Minimum(1), "0")],
        "invalid Limit: must be at least 1, got 0",
    );
    assert_eq!(Limit::new(1).unwrap().get(), 1);
    assert_eq!(i32::from(Limit::try_from(100).unwrap()), 100);
    assert_eq!((Limit::MIN, Limit::MAX), (1, 100));
    assert_eq!(Limit::new(42).unwrap().to_string(), "42");
}

#[test]
fn project_id() {
    assert_rejected(
        ProjectId::try_from("abc").unwrap_err(),
        "ProjectId",
        &[failure(Constraint::Length(32), "\"abc\"")],
        "invalid ProjectId: must be exactly 32 characters long, got \"abc\"",
    );
    let too_long = format!("{}0", crate::support::PROJECT_ID);
    assert_eq!(
        too_long.parse::<ProjectId>().unwrap_err().failures(),
        [failure(Constraint::Length(32), &format!("{too_long:?}"))]
    );
    let id = ProjectId::try_from(crate::support::PROJECT_ID.to_owned()).unwrap();
    assert_eq!(id.as_str(), crate::support::PROJECT_ID);
    assert_eq!(
        ProjectId::new("仓".repeat(32)).unwrap().into_inner(),
        "仓".repeat(32)
    );
    assert_eq!(ProjectId::LENGTH, 32);
}

#[test]
fn endpoint_id() {
    assert_rejected(
        EndpointId::new("ABC").unwrap_err(),
        "EndpointId",
        &[failure(Constraint::Pattern("^[0-9a-z]+$"), "\"ABC\"")],
        "invalid EndpointId: must be a string matching ^[0-9a-z]+$, got \"ABC\"",
    );
    for bad in ["", "a-b", "abc\n", "é"] {
        assert!(EndpointId::new(bad).is_err(), "{bad:?}");
        assert!(bad.parse::<EndpointId>().is_err(), "{bad:?}");
    }
    assert_eq!(EndpointId::try_from("0a1b").unwrap().as_str(), "0a1b");
    assert_eq!(EndpointId::PATTERN, "^[0-9a-z]+$");
}

#[test]
fn integer_newtypes_at_their_bounds() {
    /// A type, its constructor, values it accepts, and values it rejects with the broken
    /// constraint. Where a page gives no bound, the extreme i32 is accepted.
    type Case = (
        &'static str,
        fn(i32) -> Result<i32, ConstraintError>,
        &'static [i32],
        &'static [(i32, Constraint)],
    );
    let cases: [Case; 8] = [
        (
            "RepositoryId",
            |v| RepositoryId::new(v).map(RepositoryId::get),
            &[1, i32::MAX],
            &[(0, Constraint::Minimum(1))],
        ),
        (
            "RepoId",
            |v| RepoId::new(v).map(RepoId::get),
            &[0, i32::MAX],
            &[(-1, Constraint::Minimum(0))],
        ),
        (
            "Offset",
            |v| Offset::new(v).map(Offset::get),
            &[0, i32::MAX],
            &[(-1, Constraint::Minimum(0))],
        ),
        (
            "Limit",
            |v| Limit::new(v).map(Limit::get),
            &[1, 100],
            &[(0, Constraint::Minimum(1)), (101, Constraint::Maximum(100))],
        ),
        (
            "Page",
            |v| Page::new(v).map(Page::get),
            &[1, i32::MAX],
            &[(0, Constraint::Minimum(1))],
        ),
        (
            "PageSize",
            |v| PageSize::new(v).map(PageSize::get),
            &[1, 100],
            &[(0, Constraint::Minimum(1)), (101, Constraint::Maximum(100))],
        ),
        (
            "GitCodeLimit",
            |v| GitCodeLimit::new(v).map(GitCodeLimit::get),
            &[i32::MIN, 0, 100],
            &[(101, Constraint::Maximum(100))],
        ),
        (
            "GitCodeOffset",
            |v| GitCodeOffset::new(v).map(GitCodeOffset::get),
            &[0, i32::MAX],
            &[(-1, Constraint::Minimum(0))],
        ),
    ];
    for (name, new, accepted, rejected) in cases {
        for &value in accepted {
            assert_eq!(new(value), Ok(value), "{name}({value})");
        }
        for (value, constraint) in rejected {
            let error = new(*value).unwrap_err();
            assert_eq!(error.type_name(), name);
            assert_eq!(
                error.failures(),
                [failure(constraint.clone(), &value.to_string())]
            );
        }
    }
    assert_eq!((RepositoryId::MIN, RepositoryId::MAX), (1, i32::MAX));
    assert_eq!((RepoId::MIN, RepoId::MAX), (0, i32::MAX));
    assert_eq!((Offset::MIN, Offset::MAX), (0, i32::MAX));
    assert_eq!((PageSize::MIN, PageSize::MAX), (1, 100));
    assert_eq!(
        (Page::MIN, GitCodeLimit::MAX, GitCodeOffset::MIN),
        (1, 100, 0)
    );
}

#[test]
fn archive_path_counts_characters() {
    assert_eq!(
        ArchivePath::new("仓".repeat(100_000))
            .unwrap()
            .as_str()
            .len(),
        300_000
    );
    assert_eq!(ArchivePath::new("a").unwrap().into_inner(), "a");
    assert_rejected(
        ArchivePath::new("").unwrap_err(),
        "ArchivePath",
        &[failure(Constraint::MinLength(1), "\"\"")],
        "invalid ArchivePath: must be at least 1 character long, got \"\"",
    );
    let error = ArchivePath::try_from("仓".repeat(100_001)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "invalid ArchivePath: must be at most 100000 characters long, got \"{}\"… (100001 characters)",
            "仓".repeat(80)
        )
    );
    assert_eq!(
        (ArchivePath::MIN_LENGTH, ArchivePath::MAX_LENGTH),
        (1, 100_000)
    );
}

#[test]
fn auth_token_never_shows_its_value() {
    assert_rejected(
        AuthToken::new("").unwrap_err(),
        "AuthToken",
        &[failure(
            Constraint::MinLength(1),
            "<redacted, 0 characters>",
        )],
        "invalid AuthToken: must be at least 1 character long, got <redacted, 0 characters>",
    );
    let secret = format!("MIIsecret{}", "s".repeat(100_001 - 9));
    let error = AuthToken::try_from(secret.as_str()).unwrap_err();
    assert_eq!(
        error.failures(),
        [failure(
            Constraint::MaxLength(100_000),
            "<redacted, 100001 characters>"
        )]
    );
    assert!(!format!("{error} {error:?}").contains("MIIsecret"));

    let token = AuthToken::new("MIIsecret-token").unwrap();
    assert_eq!(token.expose_secret(), "MIIsecret-token");
    assert_eq!(format!("{token:?}"), "AuthToken(<redacted, 15 characters>)");
    assert_eq!((AuthToken::MIN_LENGTH, AuthToken::MAX_LENGTH), (1, 100_000));
}

#[test]
fn documented_defaults() {
    // The values the pages state; the service applies them when a parameter is omitted.
    assert_eq!(Limit::DEFAULT.get(), 20);
    assert_eq!(Offset::DEFAULT.get(), 0);
    assert_eq!(ArchiveFormat::DEFAULT, ArchiveFormat::TarGz);
    assert_eq!(ArchiveFormat::DEFAULT.as_str(), "tar.gz");
    assert_eq!(OrderBy::DEFAULT, OrderBy::UpdatedAt);
    assert_eq!(OrderBy::DEFAULT.to_string(), "updated_at");
    assert_eq!(SortOrder::DEFAULT, SortOrder::Desc);
    assert_eq!(SortOrder::DEFAULT.to_string(), "desc");
}

/// Every value of a request enum comes back from its wire text, and text none of them has
/// is an error listing them all.
fn round_trips<T>(all: &[T])
where
    T: Copy
        + std::fmt::Debug
        + PartialEq
        + std::fmt::Display
        + std::str::FromStr<Err = ConstraintError>,
{
    for value in all {
        assert_eq!(value.to_string().parse::<T>(), Ok(*value));
    }
    let error = "no-such-value".parse::<T>().unwrap_err();
    assert_eq!(error.failures().len(), 1);
    for value in all {
        assert!(
            error
                .to_string()
                .contains(&format!("{:?}", value.to_string())),
            "{error}"
        );
    }
}

#[test]
fn request_enums_parse_their_wire_text_and_default_to_the_documented_value() {
    round_trips(ArchiveFormat::ALL);
    round_trips(OrderBy::ALL);
    round_trips(SortOrder::ALL);
    assert_eq!(ArchiveFormat::default(), ArchiveFormat::DEFAULT);
    assert_eq!(ArchiveFormat::default().to_string(), "tar.gz");
    assert_eq!(SortOrder::default(), SortOrder::Desc);
    assert_eq!(
        "TAR.GZ".parse::<ArchiveFormat>().unwrap_err().to_string(),
        "invalid ArchiveFormat: must be one of \"zip\", \"tar.gz\", \"tar.bz2\", \"tar\", got \"TAR.GZ\""
    );
}
