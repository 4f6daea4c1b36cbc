from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.anchor_out import AnchorOut
  from ..models.proof_out_leaf_encoding import ProofOutLeafEncoding
  from ..models.proof_out_values import ProofOutValues





T = TypeVar("T", bound="ProofOut")



@_attrs_define
class ProofOut:
    """ 
        Attributes:
            anchors (list[AnchorOut]):
            epoch (int):
            leaf (str):
            leaf_encoding (ProofOutLeafEncoding):
            proof (list[str]):
            root (str):
            salt (str):
            taken_at (datetime.datetime):
            values (ProofOutValues):
     """

    anchors: list[AnchorOut]
    epoch: int
    leaf: str
    leaf_encoding: ProofOutLeafEncoding
    proof: list[str]
    root: str
    salt: str
    taken_at: datetime.datetime
    values: ProofOutValues
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.anchor_out import AnchorOut # noqa: PLC0415
        from ..models.proof_out_leaf_encoding import ProofOutLeafEncoding # noqa: PLC0415
        from ..models.proof_out_values import ProofOutValues # noqa: PLC0415
        anchors = []
        for anchors_item_data in self.anchors:
            anchors_item = anchors_item_data.to_dict()
            anchors.append(anchors_item)



        epoch = self.epoch

        leaf = self.leaf

        leaf_encoding = self.leaf_encoding.to_dict()

        proof = self.proof



        root = self.root

        salt = self.salt

        taken_at = self.taken_at.isoformat()

        values = self.values.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "anchors": anchors,
            "epoch": epoch,
            "leaf": leaf,
            "leaf_encoding": leaf_encoding,
            "proof": proof,
            "root": root,
            "salt": salt,
            "taken_at": taken_at,
            "values": values,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.anchor_out import AnchorOut # noqa: PLC0415
        from ..models.proof_out_leaf_encoding import ProofOutLeafEncoding # noqa: PLC0415
        from ..models.proof_out_values import ProofOutValues # noqa: PLC0415
        d = dict(src_dict)
        anchors = []
        _anchors = d.pop("anchors")
        for anchors_item_data in (_anchors):
            anchors_item = AnchorOut.from_dict(anchors_item_data)



            anchors.append(anchors_item)


        epoch = d.pop("epoch")

        leaf = d.pop("leaf")

        leaf_encoding = ProofOutLeafEncoding.from_dict(d.pop("leaf_encoding"))




        proof = cast(list[str], d.pop("proof"))


        root = d.pop("root")

        salt = d.pop("salt")

        taken_at = datetime.datetime.fromisoformat(d.pop("taken_at"))




        values = ProofOutValues.from_dict(d.pop("values"))




        proof_out = cls(
            anchors=anchors,
            epoch=epoch,
            leaf=leaf,
            leaf_encoding=leaf_encoding,
            proof=proof,
            root=root,
            salt=salt,
            taken_at=taken_at,
            values=values,
        )


        proof_out.additional_properties = d
        return proof_out

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
