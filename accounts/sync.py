"""Making the portal's accounts match the province directory (manage.py sync_users).

The whole source is read and checked first (`accounts.directory_sources`); any
problem refuses the sync with every problem listed. Then, in one transaction:

- each person of the source gets their account created or updated, with exactly
  the unit roles the directory gives (other groups are left as they are);
- each account this source owns (`DirectoryAccount` of the same source) that is
  no longer in it is deactivated and loses its unit roles — never deleted;
- superusers and accounts made by hand (not linked to the directory) that are
  absent from the source are never touched.

A source that is empty, or that would deactivate more than
`SYNC_USERS_MAX_DEACTIVATE_SHARE` of the active accounts it owns, is refused
(the second unless forced): it is far likelier a truncated export than a purge.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from .directory import RoleGroups, apply_entry, deactivate_account, entry_errors
from .directory_sources import SourceInvalid, SourceProblem, SyncRefused, read_source

logger = logging.getLogger(__name__)

ACTIONS = ("create", "update", "reactivate", "deactivate", "unchanged", "skip")


@dataclass
class SyncResult:
    source: str
    dry_run: bool
    changes: list = field(default_factory=list)

    def of(self, action):
        return [change for change in self.changes if change.action == action]

    def counts(self):
        return {action: len(self.of(action)) for action in ACTIONS}

    @property
    def changed(self):
        return any(change.changed for change in self.changes)


def sync_users(location, *, dry_run=False, force=False):
    """Read the directory at `location` and apply it; return the SyncResult. Raises SyncRefused."""
    kind, sourced, problems = read_source(location)
    if not sourced and not problems:
        raise SyncRefused(
            _("Nguồn %(source)s không có người dùng nào; từ chối đồng bộ, không có gì bị thay đổi.")
            % {"source": location}
        )
    role_groups = RoleGroups()
    problems += [
        SourceProblem(item.where, error) for item in sourced for error in entry_errors(item.entry, role_groups)
    ]
    if problems:
        raise SourceInvalid(problems)

    User = get_user_model()
    names = {item.entry.username for item in sourced}
    result = SyncResult(source=kind, dry_run=dry_run)
    with transaction.atomic():
        existing = {
            user.username: user
            for user in User.objects.filter(username__in=names)
            .select_related("directory_account")
            .prefetch_related("groups")
        }
        owned_active = User.objects.filter(directory_account__source=kind, is_active=True, is_superuser=False)
        missing = list(owned_active.exclude(username__in=names).prefetch_related("groups").order_by("username"))
        _refuse_if_truncated(missing, owned_active.count(), force)

        for item in sorted(sourced, key=lambda item: item.entry.username):
            user = existing.get(item.entry.username)
            taken_over = user is not None and not user.is_superuser and _owner(user) != kind
            change = apply_entry(item.entry, kind, role_groups, dry_run=dry_run, user=user)
            if taken_over:
                # An account made by hand (or by another source) that the directory now lists: it takes it over.
                change.reason = _("từ nay do thư mục quản lý")
                if change.action == "unchanged":
                    change.action = "update"
            result.changes.append(change)
        for user in missing:
            result.changes.append(
                deactivate_account(user, kind, role_groups, dry_run=dry_run, reason=_("không còn trong thư mục"))
            )
    if not dry_run:
        logger.info("sync_users from %s: %s", kind, result.counts())
    return result


def _owner(user):
    try:
        return user.directory_account.source
    except user._meta.model.directory_account.RelatedObjectDoesNotExist:
        return None


def _refuse_if_truncated(missing, owned_active, force):
    if not missing or force:
        return
    limit = settings.SYNC_USERS_MAX_DEACTIVATE_SHARE
    if len(missing) <= limit * owned_active:
        return
    raise SyncRefused(
        _(
            "Nguồn có vẻ bị thiếu: sẽ khoá %(count)d trên %(total)d tài khoản đang hoạt động do thư mục quản lý "
            "(%(share)d%%, vượt giới hạn %(limit)d%% của SYNC_USERS_MAX_DEACTIVATE_SHARE). Không có gì bị thay đổi. "
            "Nếu đúng là những người này đã rời ngành, chạy lại với --force."
        )
        % {
            "count": len(missing),
            "total": owned_active,
            "share": round(100 * len(missing) / owned_active),
            "limit": round(100 * limit),
        },
        [SourceProblem("", _("sẽ khoá %(username)s") % {"username": user.username}) for user in missing],
    )
