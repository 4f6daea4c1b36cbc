from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.payout_batch_item_out_error_type_0 import PayoutBatchItemOutErrorType0
  from ..models.payout_out import PayoutOut





T = TypeVar("T", bound="PayoutBatchItemOut")



@_attrs_define
class PayoutBatchItemOut:
    """ 
        Attributes:
            idempotency_key (None | str):
            status (int): 202 new, 200 the same key again, else the error's status.
            error (None | PayoutBatchItemOutErrorType0 | Unset):
            payout (None | PayoutOut | Unset):
     """

    idempotency_key: None | str
    status: int
    error: None | PayoutBatchItemOutErrorType0 | Unset = UNSET
    payout: None | PayoutOut | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_batch_item_out_error_type_0 import PayoutBatchItemOutErrorType0 # noqa: PLC0415
        from ..models.payout_out import PayoutOut # noqa: PLC0415
        idempotency_key: None | str
        idempotency_key = self.idempotency_key

        status = self.status

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, PayoutBatchItemOutErrorType0):
            error = self.error.to_dict()
        else:
            error = self.error

        payout: dict[str, Any] | None | Unset
        if isinstance(self.payout, Unset):
            payout = UNSET
        elif isinstance(self.payout, PayoutOut):
            payout = self.payout.to_dict()
        else:
            payout = self.payout


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "idempotency_key": idempotency_key,
            "status": status,
        })
        if error is not UNSET:
            field_dict["error"] = error
        if payout is not UNSET:
            field_dict["payout"] = payout

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payout_batch_item_out_error_type_0 import PayoutBatchItemOutErrorType0 # noqa: PLC0415
        from ..models.payout_out import PayoutOut # noqa: PLC0415
        d = dict(src_dict)
        def _parse_idempotency_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        idempotency_key = _parse_idempotency_key(d.pop("idempotency_key"))


        status = d.pop("status")

        def _parse_error(data: object) -> None | PayoutBatchItemOutErrorType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = PayoutBatchItemOutErrorType0.from_dict(data)



                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutBatchItemOutErrorType0 | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        def _parse_payout(data: object) -> None | PayoutOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_type_0 = PayoutOut.from_dict(data)



                return payout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutOut | Unset, data)

        payout = _parse_payout(d.pop("payout", UNSET))


        payout_batch_item_out = cls(
            idempotency_key=idempotency_key,
            status=status,
            error=error,
            payout=payout,
        )


        payout_batch_item_out.additional_properties = d
        return payout_batch_item_out

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
