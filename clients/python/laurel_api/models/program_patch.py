from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.program_patch_status_type_0 import ProgramPatchStatusType0
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.program_patch_settings_type_0 import ProgramPatchSettingsType0





T = TypeVar("T", bound="ProgramPatch")



@_attrs_define
class ProgramPatch:
    """ 
        Attributes:
            budget (int | None | Unset):
            closes_at (datetime.datetime | None | Unset): End of the redemption window (closing).
            decimals (int | None | Unset):
            name (None | str | Unset):
            settings (None | ProgramPatchSettingsType0 | Unset):
            status (None | ProgramPatchStatusType0 | Unset):
            symbol (None | str | Unset):
     """

    budget: int | None | Unset = UNSET
    closes_at: datetime.datetime | None | Unset = UNSET
    decimals: int | None | Unset = UNSET
    name: None | str | Unset = UNSET
    settings: None | ProgramPatchSettingsType0 | Unset = UNSET
    status: None | ProgramPatchStatusType0 | Unset = UNSET
    symbol: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.program_patch_settings_type_0 import ProgramPatchSettingsType0 # noqa: PLC0415
        budget: int | None | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        else:
            budget = self.budget

        closes_at: None | str | Unset
        if isinstance(self.closes_at, Unset):
            closes_at = UNSET
        elif isinstance(self.closes_at, datetime.datetime):
            closes_at = self.closes_at.isoformat()
        else:
            closes_at = self.closes_at

        decimals: int | None | Unset
        if isinstance(self.decimals, Unset):
            decimals = UNSET
        else:
            decimals = self.decimals

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        settings: dict[str, Any] | None | Unset
        if isinstance(self.settings, Unset):
            settings = UNSET
        elif isinstance(self.settings, ProgramPatchSettingsType0):
            settings = self.settings.to_dict()
        else:
            settings = self.settings

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ProgramPatchStatusType0):
            status = self.status.value
        else:
            status = self.status

        symbol: None | str | Unset
        if isinstance(self.symbol, Unset):
            symbol = UNSET
        else:
            symbol = self.symbol


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if budget is not UNSET:
            field_dict["budget"] = budget
        if closes_at is not UNSET:
            field_dict["closes_at"] = closes_at
        if decimals is not UNSET:
            field_dict["decimals"] = decimals
        if name is not UNSET:
            field_dict["name"] = name
        if settings is not UNSET:
            field_dict["settings"] = settings
        if status is not UNSET:
            field_dict["status"] = status
        if symbol is not UNSET:
            field_dict["symbol"] = symbol

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.program_patch_settings_type_0 import ProgramPatchSettingsType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_budget(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))


        def _parse_closes_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closes_at_type_0 = datetime.datetime.fromisoformat(data)



                return closes_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closes_at = _parse_closes_at(d.pop("closes_at", UNSET))


        def _parse_decimals(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        decimals = _parse_decimals(d.pop("decimals", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_settings(data: object) -> None | ProgramPatchSettingsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0 = ProgramPatchSettingsType0.from_dict(data)



                return settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProgramPatchSettingsType0 | Unset, data)

        settings = _parse_settings(d.pop("settings", UNSET))


        def _parse_status(data: object) -> None | ProgramPatchStatusType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ProgramPatchStatusType0(data)



                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProgramPatchStatusType0 | Unset, data)

        status = _parse_status(d.pop("status", UNSET))


        def _parse_symbol(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        symbol = _parse_symbol(d.pop("symbol", UNSET))


        program_patch = cls(
            budget=budget,
            closes_at=closes_at,
            decimals=decimals,
            name=name,
            settings=settings,
            status=status,
            symbol=symbol,
        )


        program_patch.additional_properties = d
        return program_patch

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
