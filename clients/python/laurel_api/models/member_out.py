from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.balance_out import BalanceOut
  from ..models.level_out import LevelOut
  from ..models.member_out_attributes import MemberOutAttributes
  from ..models.member_out_badges_item import MemberOutBadgesItem
  from ..models.member_out_wallets import MemberOutWallets





T = TypeVar("T", bound="MemberOut")



@_attrs_define
class MemberOut:
    """ 
        Attributes:
            attributes (MemberOutAttributes):
            badges (list[MemberOutBadgesItem]):
            balance (BalanceOut):
            created_at (datetime.datetime):
            display_name (None | str):
            email (None | str):
            external_id (str):
            level (LevelOut | None):
            locale (None | str):
            wallets (MemberOutWallets):
            xp (int):
     """

    attributes: MemberOutAttributes
    badges: list[MemberOutBadgesItem]
    balance: BalanceOut
    created_at: datetime.datetime
    display_name: None | str
    email: None | str
    external_id: str
    level: LevelOut | None
    locale: None | str
    wallets: MemberOutWallets
    xp: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.balance_out import BalanceOut # noqa: PLC0415
        from ..models.level_out import LevelOut # noqa: PLC0415
        from ..models.member_out_attributes import MemberOutAttributes # noqa: PLC0415
        from ..models.member_out_badges_item import MemberOutBadgesItem # noqa: PLC0415
        from ..models.member_out_wallets import MemberOutWallets # noqa: PLC0415
        attributes = self.attributes.to_dict()

        badges = []
        for badges_item_data in self.badges:
            badges_item = badges_item_data.to_dict()
            badges.append(badges_item)



        balance = self.balance.to_dict()

        created_at = self.created_at.isoformat()

        display_name: None | str
        display_name = self.display_name

        email: None | str
        email = self.email

        external_id = self.external_id

        level: dict[str, Any] | None
        if isinstance(self.level, LevelOut):
            level = self.level.to_dict()
        else:
            level = self.level

        locale: None | str
        locale = self.locale

        wallets = self.wallets.to_dict()

        xp = self.xp


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "attributes": attributes,
            "badges": badges,
            "balance": balance,
            "created_at": created_at,
            "display_name": display_name,
            "email": email,
            "external_id": external_id,
            "level": level,
            "locale": locale,
            "wallets": wallets,
            "xp": xp,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance_out import BalanceOut # noqa: PLC0415
        from ..models.level_out import LevelOut # noqa: PLC0415
        from ..models.member_out_attributes import MemberOutAttributes # noqa: PLC0415
        from ..models.member_out_badges_item import MemberOutBadgesItem # noqa: PLC0415
        from ..models.member_out_wallets import MemberOutWallets # noqa: PLC0415
        d = dict(src_dict)
        attributes = MemberOutAttributes.from_dict(d.pop("attributes"))




        badges = []
        _badges = d.pop("badges")
        for badges_item_data in (_badges):
            badges_item = MemberOutBadgesItem.from_dict(badges_item_data)



            badges.append(badges_item)


        balance = BalanceOut.from_dict(d.pop("balance"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_display_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        display_name = _parse_display_name(d.pop("display_name"))


        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        external_id = d.pop("external_id")

        def _parse_level(data: object) -> LevelOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                level_type_0 = LevelOut.from_dict(data)



                return level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LevelOut | None, data)

        level = _parse_level(d.pop("level"))


        def _parse_locale(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        locale = _parse_locale(d.pop("locale"))


        wallets = MemberOutWallets.from_dict(d.pop("wallets"))




        xp = d.pop("xp")

        member_out = cls(
            attributes=attributes,
            badges=badges,
            balance=balance,
            created_at=created_at,
            display_name=display_name,
            email=email,
            external_id=external_id,
            level=level,
            locale=locale,
            wallets=wallets,
            xp=xp,
        )


        member_out.additional_properties = d
        return member_out

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
