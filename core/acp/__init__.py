"""ORY Keto v0.5 (ladon) access control policies: validation and an indexed decision engine.

Pure and in-memory: no database, no web code. See :mod:`core.acp.engine` for the semantics and the upstream
sources followed.
"""

from core.acp.engine import FLAVORS, AcpPolicy, CompiledPolicySet, Decision, validate_policy

__all__ = ["FLAVORS", "AcpPolicy", "CompiledPolicySet", "Decision", "validate_policy"]
