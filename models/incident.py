"""The register of confidentiality incidents (Quebec's Law 25, section 3.8): kept, never
deleted."""

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Tracked, db

RISKS = ("low", "serious")


class Incident(Tracked, db.Model):
    """One confidentiality incident: what happened to whose information, the assessment of
    the risk of serious injury, and when the Commission d'accès à l'information (CAI) and
    the people concerned were notified."""

    __tablename__ = "confidentiality_incident"
    __table_args__ = (
        CheckConstraint("people_count >= 0", name="people_count_positive"),
        CheckConstraint("serious_injury_risk IN ('low', 'serious')", name="risk_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    discovered_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    information_concerned: Mapped[str] = mapped_column(Text)
    people_count: Mapped[int] = mapped_column(Integer, default=0)
    serious_injury_risk: Mapped[str] = mapped_column(String(20), default="low")
    risk_assessment: Mapped[str] = mapped_column(Text, default="")
    cai_notified_on: Mapped[date | None] = mapped_column(Date)
    people_notified_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    recorded_by = relationship("User", foreign_keys=[recorded_by_id])

    def __repr__(self) -> str:
        return f"<Incident {self.id} {self.occurred_on}>"

    @property
    def notifications_due(self) -> bool:
        """Return whether a serious risk still awaits a notification (CAI or people)."""
        return self.serious_injury_risk == "serious" and (
            self.cai_notified_on is None or self.people_notified_on is None
        )
