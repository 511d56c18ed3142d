"""Tortoise models: the one domain model behind every dialect.

Nothing above this package is imported here. Migrations live in models.migrations.
"""

from models.acp import AcpPolicy, AcpRole, AcpRoleMember
from models.authentication import (
    AuthenticationExecution,
    AuthenticationFlow,
    AuthenticatorConfig,
    RequiredAction,
)
from models.client import Client, ClientInitialAccess
from models.client_scope import ClientScope, ClientScopeLink, ProtocolMapper, RealmDefaultScope, ScopeMapping
from models.component import Component
from models.event import AdminEvent, Event
from models.group import Group, GroupMembership, GroupRoleMapping
from models.identity_provider import IdentityProvider, IdentityProviderMapper
from models.key import Key
from models.meta import CacheVersion, KeyMarker, RateCounter
from models.oauth2 import AuthRequest, LoginSession
from models.oauth2_trust import TrustedIssuer, UsedAssertion
from models.realm import Realm
from models.role import Role, RoleComposite, UserRoleMapping
from models.session import Session, Token
from models.user import Credential, FederatedIdentity, LoginFailure, User, UserAttribute, UserConsent

__all__ = [
    "AcpPolicy",
    "AcpRole",
    "AcpRoleMember",
    "AdminEvent",
    "AuthRequest",
    "AuthenticationExecution",
    "AuthenticationFlow",
    "AuthenticatorConfig",
    "CacheVersion",
    "Client",
    "ClientInitialAccess",
    "ClientScope",
    "ClientScopeLink",
    "Component",
    "Credential",
    "Event",
    "FederatedIdentity",
    "Group",
    "GroupMembership",
    "GroupRoleMapping",
    "IdentityProvider",
    "IdentityProviderMapper",
    "Key",
    "KeyMarker",
    "LoginFailure",
    "LoginSession",
    "ProtocolMapper",
    "RateCounter",
    "Realm",
    "RealmDefaultScope",
    "RequiredAction",
    "Role",
    "RoleComposite",
    "ScopeMapping",
    "Session",
    "Token",
    "TrustedIssuer",
    "UsedAssertion",
    "User",
    "UserAttribute",
    "UserConsent",
    "UserRoleMapping",
]
