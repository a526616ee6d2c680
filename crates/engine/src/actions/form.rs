//! The provision form, checked field by field before anything is sent.

use super::{FieldProblem, ProvisionForm};
use webex::model::{NewSubscriber, Package};

pub(super) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The trimmed value of a one-field form, or the problem naming that field.
pub(crate) fn required<'a>(
    field: &str,
    value: &'a str,
    what: &str,
) -> Result<&'a str, crate::EngineError> {
    match value.trim() {
        "" => Err(crate::actions::ActionError::InvalidForm {
            problems: vec![FieldProblem {
                field: field.into(),
                message: format!("Enter {what}"),
            }],
        }
        .into()),
        t => Ok(t),
    }
}

fn package(s: &str) -> Option<Package> {
    match s.trim().to_ascii_lowercase().as_str() {
        "softphone" => Some(Package::Softphone),
        "basic" => Some(Package::Basic),
        "standard" => Some(Package::Standard),
        "premium" => Some(Package::Premium),
        _ => None,
    }
}

/// Checks the form before anything is sent; returns the subscriber to provision.
pub fn validate(form: &ProvisionForm) -> Result<NewSubscriber, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut need = |field: &str, value: &str, what: &str| {
        if value.trim().is_empty() {
            problems.push(FieldProblem {
                field: field.into(),
                message: format!("Enter {what}"),
            });
        }
    };
    need(
        "provisioningId",
        &form.provisioning_id,
        "the provisioning id of the onboarding template",
    );
    need("spEnterpriseId", &form.sp_enterprise_id, "the enterprise");
    need("userId", &form.user_id, "the BroadWorks user id");
    need("firstName", &form.first_name, "the first name");
    need("lastName", &form.last_name, "the last name");
    let package = package(&form.package);
    if package.is_none() {
        problems.push(FieldProblem {
            field: "package".into(),
            message: "Choose a package: softphone, basic, standard or premium".into(),
        });
    }
    let email = non_empty(&form.email);
    match &email {
        Some(e) if !crate::bulk::import::looks_like_email(e) => problems.push(FieldProblem {
            field: "email".into(),
            message: "Enter an email address like name@example.com".into(),
        }),
        None if !form.untrusted_email => problems.push(FieldProblem {
            field: "email".into(),
            message: "Enter the user's email: with trusted emails Webex needs it".into(),
        }),
        _ => {}
    }
    let phone = non_empty(&form.primary_phone_number);
    let extension = non_empty(&form.extension);
    if phone.is_none() && extension.is_none() {
        problems.push(FieldProblem {
            field: "primaryPhoneNumber".into(),
            message: "Enter a phone number or an extension".into(),
        });
    }
    if let Some(x) = &extension {
        if !x.chars().all(|c| c.is_ascii_digit()) {
            problems.push(FieldProblem {
                field: "extension".into(),
                message: "Enter the extension as digits only".into(),
            });
        }
    }
    match (problems.is_empty(), package) {
        (true, Some(package)) => Ok(NewSubscriber {
            provisioning_id: form.provisioning_id.trim().into(),
            user_id: form.user_id.trim().into(),
            sp_enterprise_id: form.sp_enterprise_id.trim().into(),
            first_name: form.first_name.trim().into(),
            last_name: form.last_name.trim().into(),
            package,
            primary_phone_number: phone,
            mobile_phone_number: None,
            extension,
            email,
            language: non_empty(&form.language),
            timezone: non_empty(&form.timezone),
        }),
        _ => Err(problems),
    }
}
