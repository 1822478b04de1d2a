//! The one way Markdown templates are set up: minijinja with strict undefined behaviour
//! (a renamed field is an error, not a blank) and trailing newlines kept. The generated
//! README, the diff report and the drift report render through it.

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior};

/// An environment holding `template` as `name`; `what` names the template in errors.
pub(crate) fn environment(
    name: &'static str,
    template: &'static str,
    what: &str,
) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    env.add_template(name, template)
        .map_err(|e| format!("{what} template: {e}"))?;
    Ok(env)
}
