"""The settings a new realm starts with: Keycloak's defaults, in Keycloak's vocabulary.

A realm's ``config`` holds these keys (and any unknown ones a caller sends, kept as given); the token
service, brute-force detection and events read them from here.
"""

from __future__ import annotations

import copy
from typing import Any

REALM_DEFAULTS: dict[str, Any] = {
    "displayName": None,
    "displayNameHtml": None,
    "notBefore": 0,
    "defaultSignatureAlgorithm": "RS256",
    "revokeRefreshToken": False,
    "refreshTokenMaxReuse": 0,
    "accessTokenLifespan": 300,
    "accessTokenLifespanForImplicitFlow": 900,
    "ssoSessionIdleTimeout": 1800,
    "ssoSessionMaxLifespan": 36000,
    "ssoSessionIdleTimeoutRememberMe": 0,
    "ssoSessionMaxLifespanRememberMe": 0,
    "offlineSessionIdleTimeout": 2592000,
    "offlineSessionMaxLifespanEnabled": False,
    "offlineSessionMaxLifespan": 5184000,
    "clientSessionIdleTimeout": 0,
    "clientSessionMaxLifespan": 0,
    "clientOfflineSessionIdleTimeout": 0,
    "clientOfflineSessionMaxLifespan": 0,
    "accessCodeLifespan": 60,
    "accessCodeLifespanUserAction": 300,
    "accessCodeLifespanLogin": 1800,
    "actionTokenGeneratedByAdminLifespan": 43200,
    "actionTokenGeneratedByUserLifespan": 300,
    "oauth2DeviceCodeLifespan": 600,
    "oauth2DevicePollingInterval": 5,
    "sslRequired": "external",
    "registrationAllowed": False,
    "registrationEmailAsUsername": False,
    "rememberMe": False,
    "verifyEmail": False,
    "loginWithEmailAllowed": True,
    "duplicateEmailsAllowed": False,
    "resetPasswordAllowed": False,
    "editUsernameAllowed": False,
    "bruteForceProtected": False,
    "permanentLockout": False,
    "maxTemporaryLockouts": 0,
    "maxFailureWaitSeconds": 900,
    "minimumQuickLoginWaitSeconds": 60,
    "waitIncrementSeconds": 60,
    "quickLoginCheckMilliSeconds": 1000,
    "maxDeltaTimeSeconds": 43200,
    "failureFactor": 30,
    "requiredCredentials": ["password"],
    "otpPolicyType": "totp",
    "otpPolicyAlgorithm": "HmacSHA1",
    "otpPolicyInitialCounter": 0,
    "otpPolicyDigits": 6,
    "otpPolicyLookAheadWindow": 1,
    "otpPolicyPeriod": 30,
    "otpPolicyCodeReusable": False,
    "otpSupportedApplications": [
        "totpAppFreeOTPName",
        "totpAppGoogleName",
        "totpAppMicrosoftAuthenticatorName",
    ],
    "localizationTexts": {},
    "browserSecurityHeaders": {
        "contentSecurityPolicyReportOnly": "",
        "xContentTypeOptions": "nosniff",
        "referrerPolicy": "no-referrer",
        "xRobotsTag": "none",
        "xFrameOptions": "SAMEORIGIN",
        "contentSecurityPolicy": "frame-src 'self'; frame-ancestors 'self'; object-src 'none';",
        "xXSSProtection": "1; mode=block",
        "strictTransportSecurity": "max-age=31536000; includeSubDomains",
    },
    "smtpServer": {},
    "eventsEnabled": False,
    "eventsExpiration": None,
    "eventsListeners": ["jboss-logging"],
    "enabledEventTypes": [],
    "adminEventsEnabled": False,
    "adminEventsDetailsEnabled": False,
    "internationalizationEnabled": False,
    "supportedLocales": [],
    "defaultLocale": None,
    "passwordPolicy": None,
    "browserFlow": "browser",
    "registrationFlow": "registration",
    "directGrantFlow": "direct grant",
    "resetCredentialsFlow": "reset credentials",
    "clientAuthenticationFlow": "clients",
    "dockerAuthenticationFlow": "docker auth",
    "firstBrokerLoginFlow": "first broker login",
    "loginTheme": None,
    "accountTheme": None,
    "adminTheme": None,
    "emailTheme": None,
    "userManagedAccessAllowed": False,
    "attributes": {},
    "webAuthnPolicyRpEntityName": "keycloak",
    "webAuthnPolicySignatureAlgorithms": ["ES256"],
    "webAuthnPolicyRpId": "",
    "webAuthnPolicyAttestationConveyancePreference": "not specified",
    "webAuthnPolicyAuthenticatorAttachment": "not specified",
    "webAuthnPolicyRequireResidentKey": "not specified",
    "webAuthnPolicyUserVerificationRequirement": "not specified",
    "webAuthnPolicyCreateTimeout": 0,
    "webAuthnPolicyAvoidSameAuthenticatorRegister": False,
    "webAuthnPolicyAcceptableAaguids": [],
    "webAuthnPolicyExtraOrigins": [],
    "webAuthnPolicyPasswordlessRpEntityName": "keycloak",
    "webAuthnPolicyPasswordlessSignatureAlgorithms": ["ES256"],
    "webAuthnPolicyPasswordlessRpId": "",
    "webAuthnPolicyPasswordlessAttestationConveyancePreference": "not specified",
    "webAuthnPolicyPasswordlessAuthenticatorAttachment": "not specified",
    "webAuthnPolicyPasswordlessRequireResidentKey": "not specified",
    "webAuthnPolicyPasswordlessUserVerificationRequirement": "not specified",
    "webAuthnPolicyPasswordlessCreateTimeout": 0,
    "webAuthnPolicyPasswordlessAvoidSameAuthenticatorRegister": False,
    "webAuthnPolicyPasswordlessAcceptableAaguids": [],
    "webAuthnPolicyPasswordlessExtraOrigins": [],
    "clientProfiles": {"profiles": []},
    "clientPolicies": {"policies": []},
}

# Keys of a RealmRepresentation that are not settings: they are rows of their own tables, managed by
# their own endpoints, or identity fields. They are never stored in ``Realm.config``.
NOT_SETTINGS = frozenset(
    {
        "iamgraph.usersManagementPermissions",  # resolvers/kit/secrets.USERS_PERMISSIONS_KEY
        "id",
        "realm",
        "enabled",
        "users",
        "federatedUsers",
        "clients",
        "roles",
        "groups",
        "defaultRole",
        "defaultRoles",
        "defaultGroups",
        "clientScopes",
        "scopeMappings",
        "clientScopeMappings",
        "components",
        "authenticationFlows",
        "authenticatorConfig",
        "requiredActions",
        "identityProviders",
        "identityProviderMappers",
        "protocolMappers",
        "keycloakVersion",
        "privateKey",
        "publicKey",
        "certificate",
        "codeSecret",
        "applications",
        "oauthClients",
        "clientTemplates",
        "applicationScopeMappings",
        "userFederationProviders",
        "userFederationMappers",
        "defaultDefaultClientScopes",
        "defaultOptionalClientScopes",
    }
)

# Settings whose type the token service and brute-force rules depend on.
INT_SETTINGS = frozenset(
    key for key, value in REALM_DEFAULTS.items() if isinstance(value, int) and not isinstance(value, bool)
)
BOOL_SETTINGS = frozenset(key for key, value in REALM_DEFAULTS.items() if isinstance(value, bool))


def default_config() -> dict[str, Any]:
    return copy.deepcopy(REALM_DEFAULTS)


def setting(config: dict[str, Any], key: str) -> Any:
    """A realm setting, falling back to the default for realms stored before the key existed."""
    value = config.get(key)
    return REALM_DEFAULTS.get(key) if value is None else value
