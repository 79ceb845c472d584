"""What the access log records about client data.

Every read and write of a client's data is an access event (rule R12). The unit
of work writes the event in the same transaction as the data, so there is never
data without its log line.
"""

from __future__ import annotations

from enum import StrEnum


class AccessAction(StrEnum):
    """The kinds of access to a client's data."""

    CLIENT_CREATED = "client.create"
    CLIENT_LISTED_IN_SEARCH = "client.search"
    CLIENT_LISTED_IN_QUEUE = "queue.view"
    CLIENT_READ = "client.read"
    VISIT_REGISTERED = "visit.register"
    VISIT_UPDATED = "visit.update"
    INTAKE_OPENED = "intake.open"
    INTAKE_DRAFT_SAVED = "intake.draft"
    INTAKE_FINISHED = "intake.finish"
    INTAKE_CORRECTED = "intake.correct"
    SUMMARY_READ = "client.summary"
    CASE_MANAGER_ASSIGNED = "case_manager.assign"
    CASE_MANAGER_ENDED = "case_manager.end"
    NETWORK_READ = "network.read"
    NETWORK_UPDATED = "network.update"
    CONTACTS_CARD = "network.card"
    CASELOAD_LISTED = "caseload.list"
    MEETING_READ = "meeting.read"
    MEETING_UPDATED = "meeting.update"
    AGENDA_EXPORTED = "meeting.export"
    PENDING_ASSESSMENT_READ = "pending_assessment.read"
    PENDING_ASSESSMENT_UPDATED = "pending_assessment.update"
    CARE_ALLOWANCE_UPDATED = "client.care_allowance"
    DEADLINES_LISTED = "deadlines.list"
    FEEDBACK_RECORDED = "feedback.record"
    FEEDBACK_READ = "feedback.read"
    CASE_MANAGER_UPDATED = "case_manager.update"
