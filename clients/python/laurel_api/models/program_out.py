from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.budget_out import BudgetOut
  from ..models.program_out_settings import ProgramOutSettings





T = TypeVar("T", bound="ProgramOut")



@_attrs_define
class ProgramOut:
    """ 
        Attributes:
            budget (BudgetOut | None):
            closes_at (datetime.datetime | None):
            created_at (datetime.datetime):
            decimals (int):
            key (str):
            name (str):
            settings (ProgramOutSettings):
            status (str):
            symbol (str):
     """

    budget: BudgetOut | None
    closes_at: datetime.datetime | None
    created_at: datetime.datetime
    decimals: int
    key: str
    name: str
    settings: ProgramOutSettings
    status: str
    symbol: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.budget_out import BudgetOut # noqa: PLC0415
        from ..models.program_out_settings import ProgramOutSettings # noqa: PLC0415
        budget: dict[str, Any] | None
        if isinstance(self.budget, BudgetOut):
            budget = self.budget.to_dict()
        else:
            budget = self.budget

        closes_at: None | str
        if isinstance(self.closes_at, datetime.datetime):
            closes_at = self.closes_at.isoformat()
        else:
            closes_at = self.closes_at

        created_at = self.created_at.isoformat()

        decimals = self.decimals

        key = self.key

        name = self.name

        settings = self.settings.to_dict()

        status = self.status

        symbol = self.symbol


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "budget": budget,
            "closes_at": closes_at,
            "created_at": created_at,
            "decimals": decimals,
            "key": key,
            "name": name,
            "settings": settings,
            "status": status,
            "symbol": symbol,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.budget_out import BudgetOut # noqa: PLC0415
        from ..models.program_out_settings import ProgramOutSettings # noqa: PLC0415
        d = dict(src_dict)
        def _parse_budget(data: object) -> BudgetOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                budget_type_0 = BudgetOut.from_dict(data)



                return budget_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BudgetOut | None, data)

        budget = _parse_budget(d.pop("budget"))


        def _parse_closes_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closes_at_type_0 = datetime.datetime.fromisoformat(data)



                return closes_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closes_at = _parse_closes_at(d.pop("closes_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        decimals = d.pop("decimals")

        key = d.pop("key")

        name = d.pop("name")

        settings = ProgramOutSettings.from_dict(d.pop("settings"))




        status = d.pop("status")

        symbol = d.pop("symbol")

        program_out = cls(
            budget=budget,
            closes_at=closes_at,
            created_at=created_at,
            decimals=decimals,
            key=key,
            name=name,
            settings=settings,
            status=status,
            symbol=symbol,
        )


        program_out.additional_properties = d
        return program_out

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
