"""Pages, one module per subject: the ledger and registration (`ledger`), a
matter with its clocks and step forms (`matter`), 交办's 承办人 following the
unit chosen (`assign`), leaders (`leaders`), reception days, receptions and
outreach visits (`receptions`), and the public pages (`public`). `urls.py`
names them from here."""

from .assign import assign_handlers
from .leaders import leader_detail, leaders
from .ledger import PetitionList, create
from .matter import PetitionDetail, document, edit, petitioner_edit, step, upload
from .public import public_rota, public_status, public_submit, public_submitted, public_track
from .receptions import (
    DutyCreate,
    DutyDetail,
    DutyList,
    DutyUpdate,
    OutreachCreate,
    OutreachDetail,
    OutreachList,
    OutreachUpdate,
    ReceptionCreate,
    ReceptionDetail,
    ReceptionList,
    ReceptionUpdate,
)

__all__ = [
    "DutyCreate",
    "DutyDetail",
    "DutyList",
    "DutyUpdate",
    "OutreachCreate",
    "OutreachDetail",
    "OutreachList",
    "OutreachUpdate",
    "PetitionDetail",
    "PetitionList",
    "ReceptionCreate",
    "ReceptionDetail",
    "ReceptionList",
    "ReceptionUpdate",
    "assign_handlers",
    "create",
    "document",
    "edit",
    "leader_detail",
    "leaders",
    "petitioner_edit",
    "public_rota",
    "public_status",
    "public_submit",
    "public_submitted",
    "public_track",
    "step",
    "upload",
]
