"""Commitments of stakeholders to the platform's measures, with their status history."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Tracked, db, utcnow
from models.reference import Measure
from models.stakeholder import Stakeholder


class Commitment(Tracked, db.Model):
    """A stakeholder's commitment to one measure: at most one per stakeholder and measure."""

    __table_args__ = (UniqueConstraint("stakeholder_id", "measure_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"), index=True)
    status: Mapped[str] = mapped_column(String(40), default="intended", index=True)
    involvement: Mapped[str] = mapped_column(String(40), default="supporter")
    committed_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")

    stakeholder: Mapped[Stakeholder] = relationship(lazy="joined")
    measure: Mapped[Measure] = relationship(lazy="joined")
    history: Mapped[list["CommitmentStatusChange"]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        order_by="CommitmentStatusChange.changed_at",
    )

    def __repr__(self) -> str:
        return f"<Commitment {self.stakeholder_id} {self.measure_code} {self.status}>"


class CommitmentStatusChange(db.Model):
    """One status a commitment took, on which day, and who recorded it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(40))
    changed_on: Mapped[date] = mapped_column(Date)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    commitment: Mapped[Commitment] = relationship(back_populates="history")
