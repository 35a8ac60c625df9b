// Body of Ory Kratos's registration web-hook to Nexus IAM (POST /api/webhooks/kratos/registration).
// Kratos serialises ctx.identity without credentials and admin metadata. Nexus reads identity.id,
// identity.traits.email, identity.traits.name, identity.verifiable_addresses and method, and
// ignores every other member.
function(ctx) {
  identity: ctx.identity,
  // the registration method: password, oidc, code, passkey, webauthn... (absent before Kratos knows it)
  method: if std.objectHas(ctx.flow, 'active') then ctx.flow.active else null,
}
