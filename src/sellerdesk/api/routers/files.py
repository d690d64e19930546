"""/api/v1/files: upload a JPG, PNG or PDF (checked by content) and read it back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.errors import InvalidInput
from sellerdesk.runtime import Runtime
from sellerdesk.services import files

router = APIRouter(prefix="/api/v1", tags=["files"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]
READ_LIMIT = 5 * 1024 * 1024 + 1  # one byte past the DISPUTE-2 limit, so the check can refuse it


class FileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    filename: str
    media_type: str
    size: int
    sha256: str


@router.post("/files", response_model=FileOut, status_code=201)
async def upload(rt: RT, actor: Who, file: UploadFile) -> FileOut:
    """Evidence and attachments: refused with DISPUTE-2 unless the content is JPG, PNG or PDF."""
    data = await file.read(READ_LIMIT)
    if not data:
        raise InvalidInput("the uploaded file is empty", rule="DISPUTE-2")
    row = await run_in_threadpool(files.upload, rt, actor, file.filename or "", data)
    return FileOut.model_validate(row)


@router.get("/files/{file_id}")
async def download(rt: RT, actor: Who, file_id: int) -> Response:
    row, data = await run_in_threadpool(files.file_for, rt, actor, file_id)
    return Response(data, media_type=row.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{row.id}"'})
