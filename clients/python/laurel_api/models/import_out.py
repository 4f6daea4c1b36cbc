from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.import_out_errors_item import ImportOutErrorsItem





T = TypeVar("T", bound="ImportOut")



@_attrs_define
class ImportOut:
    """ 
        Attributes:
            applied (int):
            created_at (datetime.datetime):
            done (int):
            error_count (int):
            errors (list[ImportOutErrorsItem]):
            finished_at (datetime.datetime | None):
            id (str):
            kind (str):
            rows (int):
            sha256 (str):
            status (str):
     """

    applied: int
    created_at: datetime.datetime
    done: int
    error_count: int
    errors: list[ImportOutErrorsItem]
    finished_at: datetime.datetime | None
    id: str
    kind: str
    rows: int
    sha256: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.import_out_errors_item import ImportOutErrorsItem # noqa: PLC0415
        applied = self.applied

        created_at = self.created_at.isoformat()

        done = self.done

        error_count = self.error_count

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)



        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        kind = self.kind

        rows = self.rows

        sha256 = self.sha256

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "applied": applied,
            "created_at": created_at,
            "done": done,
            "error_count": error_count,
            "errors": errors,
            "finished_at": finished_at,
            "id": id,
            "kind": kind,
            "rows": rows,
            "sha256": sha256,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_out_errors_item import ImportOutErrorsItem # noqa: PLC0415
        d = dict(src_dict)
        applied = d.pop("applied")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        done = d.pop("done")

        error_count = d.pop("error_count")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in (_errors):
            errors_item = ImportOutErrorsItem.from_dict(errors_item_data)



            errors.append(errors_item)


        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        id = d.pop("id")

        kind = d.pop("kind")

        rows = d.pop("rows")

        sha256 = d.pop("sha256")

        status = d.pop("status")

        import_out = cls(
            applied=applied,
            created_at=created_at,
            done=done,
            error_count=error_count,
            errors=errors,
            finished_at=finished_at,
            id=id,
            kind=kind,
            rows=rows,
            sha256=sha256,
            status=status,
        )


        import_out.additional_properties = d
        return import_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
