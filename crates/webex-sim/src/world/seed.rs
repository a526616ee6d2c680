//! The tenant a scenario describes: orgs, people, admins, the BroadWorks side,
//! enterprises, subscribers (listed and generated) and workspaces.

use super::{
    AdminRec, BwUser, Counters, EnterpriseRec, LicenseRec, Org, PersonRec, SubscriberRec, Template,
    WorkspaceRec, World,
};
use crate::scenario::Scenario;
use webex::model::{Package, SubscriberStatus};

impl World {
    /// The tenant a scenario describes, at sim time `now`.
    pub fn from_scenario(s: &Scenario, now: u64, provisioning_ms: u64) -> Result<World, String> {
        let partner_org_id = s
            .partner_org_id()
            .ok_or("the scenario has no org of kind 'partner'")?
            .to_string();
        let mut w = World {
            clock_ms: now,
            partner_org_id,
            signed_in_person_id: String::new(),
            templates: s
                .templates
                .iter()
                .map(|t| Template {
                    provisioning_id: t.provisioning_id.clone(),
                    name: t.name.clone(),
                    trusted_emails: t.trusted_emails,
                })
                .collect(),
            orgs: Vec::new(),
            people: Vec::new(),
            broadworks_users: Vec::new(),
            broadworks_names: Vec::new(),
            enterprises: Vec::new(),
            subscribers: Vec::new(),
            workspaces: Vec::new(),
            emails: Vec::new(),
            tokens: Vec::new(),
            counters: Counters::default(),
            next_id: 1,
            provisioning_ms,
        };
        for o in &s.orgs {
            w.orgs.push(Org {
                id: o.id.clone(),
                display_name: o.display_name.clone(),
                kind: o.kind,
                created_ms: now,
                verified_domains: o.verified_domains.clone(),
                claimed_domains: o.claimed_domains.clone(),
                licenses: o
                    .licenses
                    .iter()
                    .map(|l| LicenseRec {
                        id: l.id.clone(),
                        name: l.name.clone(),
                        total_units: l.total_units,
                        consumed_units: l.consumed_units,
                        status: l.status.clone(),
                    })
                    .collect(),
                admins: Vec::new(),
            });
            if let Some(g) = &o.generated_people {
                for n in 1..=g.count {
                    let id = w.new_id("person");
                    w.people.push(PersonRec {
                        id,
                        org_id: o.id.clone(),
                        email: format!("user{n}@{}", g.email_domain),
                        first_name: "User".into(),
                        last_name: n.to_string(),
                        roles: Vec::new(),
                        licenses: Vec::new(),
                        created_ms: now,
                        logged_in: false,
                    });
                }
            }
        }
        for p in &s.people {
            if w.org(&p.org_id).is_none() {
                return Err(format!("person {} names unknown org {}", p.email, p.org_id));
            }
            let id = match &p.id {
                Some(id) => id.clone(),
                None => w.new_id("person"),
            };
            w.people.push(PersonRec {
                id,
                org_id: p.org_id.clone(),
                email: p.email.to_lowercase(),
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                roles: p.roles.clone(),
                licenses: Vec::new(),
                created_ms: now,
                logged_in: false,
            });
        }
        for o in &s.orgs {
            for a in &o.admins {
                let person = w
                    .person_by_email(&a.email)
                    .ok_or(format!("admin {} of {} is not a person", a.email, o.id))?
                    .id
                    .clone();
                if let Some(org) = w.org_mut(&o.id) {
                    org.admins.push(AdminRec {
                        person_id: person,
                        role: a.role.clone(),
                    });
                }
            }
        }
        w.signed_in_person_id = w
            .person_by_email(&s.signed_in)
            .ok_or(format!("signedIn {} is not a person", s.signed_in))?
            .id
            .clone();
        for e in &s.broadworks {
            w.broadworks_names
                .push((e.sp_enterprise_id.clone(), e.name.clone()));
            for u in &e.users {
                w.broadworks_users.push(BwUser {
                    sp_enterprise_id: e.sp_enterprise_id.clone(),
                    user_id: u.user_id.clone(),
                    first_name: u.first_name.clone(),
                    last_name: u.last_name.clone(),
                    email: u.email.clone(),
                    primary_phone_number: u.primary_phone_number.clone(),
                    extension: u.extension.clone(),
                });
            }
        }
        for e in &s.enterprises {
            if w.org(&e.org_id).is_none() {
                return Err(format!(
                    "enterprise {} names unknown org",
                    e.sp_enterprise_id
                ));
            }
            let id = w.new_id("enterprise");
            let customer_name = w.customer_name(&e.sp_enterprise_id);
            w.enterprises.push(EnterpriseRec {
                id,
                sp_enterprise_id: e.sp_enterprise_id.clone(),
                org_id: Some(e.org_id.clone()),
                provisioning_id: e.provisioning_id.clone(),
                customer_name,
            });
        }
        let mut seeds: Vec<crate::scenario::SubscriberSeed> = s.subscribers.clone();
        for g in &s.generated_subscribers {
            for n in 1..=g.count {
                seeds.push(crate::scenario::SubscriberSeed {
                    id: None,
                    sp_enterprise_id: g.sp_enterprise_id.clone(),
                    provisioning_id: g.provisioning_id.clone(),
                    user_id: format!("{}{n:03}", g.user_id_prefix),
                    first_name: "Subscriber".into(),
                    last_name: format!("{n:03}"),
                    email: Some(format!("{}{n:03}@{}", g.user_id_prefix, g.email_domain)),
                    primary_phone_number: None,
                    extension: Some(format!("{}", 7000 + n)),
                    package: Package::Standard,
                    status: g.status,
                    self_activated: false,
                });
            }
        }
        for seed in seeds {
            w.seed_subscriber(seed, now)?;
        }
        for ws in &s.workspaces {
            w.workspaces.push(WorkspaceRec {
                id: ws.id.clone(),
                provisioning_id: ws.provisioning_id.clone(),
                user_id: ws.user_id.clone(),
                sp_enterprise_id: ws.sp_enterprise_id.clone(),
                display_name: ws.display_name.clone(),
                primary_phone_number: ws.primary_phone_number.clone(),
                extension: ws.extension.clone(),
                created_ms: now,
            });
        }
        Ok(w)
    }

    fn seed_subscriber(
        &mut self,
        seed: crate::scenario::SubscriberSeed,
        now: u64,
    ) -> Result<(), String> {
        let org_id = self
            .enterprise(&seed.sp_enterprise_id)
            .and_then(|e| e.org_id.clone())
            .ok_or(format!(
                "subscriber {} needs enterprise {} in 'enterprises'",
                seed.user_id, seed.sp_enterprise_id
            ))?;
        let id = seed.id.clone().unwrap_or_else(|| self.new_id("sub"));
        let mut person_id = None;
        if seed.status == SubscriberStatus::Provisioned {
            let email = seed.email.clone().ok_or(format!(
                "provisioned subscriber {} needs an email",
                seed.user_id
            ))?;
            person_id =
                Some(self.add_person(&org_id, &email, &seed.first_name, &seed.last_name, now));
        }
        let rec = SubscriberRec {
            id: id.clone(),
            person_id,
            user_id: seed.user_id,
            sp_enterprise_id: seed.sp_enterprise_id,
            first_name: seed.first_name,
            last_name: seed.last_name,
            email: seed.email.clone(),
            primary_phone_number: seed.primary_phone_number,
            mobile_phone_number: None,
            extension: seed.extension,
            package: seed.package,
            status: seed.status,
            errors: Vec::new(),
            created_ms: now,
            last_status_change_ms: now,
            provisioning_id: seed.provisioning_id,
            self_activated: seed.self_activated,
            due_ms: None,
            due_outcome: None,
            pending_update: None,
            consented: false,
            first_admin: false,
        };
        let waiting_for_consent = rec.status == SubscriberStatus::PendingUserMigration;
        self.subscribers.push(rec);
        if waiting_for_consent {
            if let Some(email) = seed.email {
                self.send_email(&email, "consentMove", &id, now);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_scenario_loads_and_covers_every_case() {
        let s = Scenario::default();
        let w = World::from_scenario(&s, 0, 1000).unwrap();
        assert!(w.templates.iter().any(|t| t.trusted_emails));
        assert!(w.templates.iter().any(|t| !t.trusted_emails));
        assert!(
            w.subscribers.len() > 100,
            "enough subscribers to need paging"
        );
        assert!(!w.workspaces.is_empty());
        let me = w.person(&w.signed_in_person_id).unwrap();
        assert_eq!(
            format!("{} {}", me.first_name, me.last_name),
            "Alex Partner"
        );
    }
}
