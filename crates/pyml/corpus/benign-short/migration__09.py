# purpose: mongo data migration that backfills a new field on documents in batches
import os
from pymongo import MongoClient, UpdateOne

client = MongoClient(os.environ.get("MONGO_URL", "mongodb://127.0.0.1:27017"))
users = client.app.users
batch = []
for doc in users.find({"display_name": {"$exists": False}}, {"first": 1, "last": 1}):
    name = " ".join(p for p in (doc.get("first"), doc.get("last")) if p) or "user"
    batch.append(UpdateOne({"_id": doc["_id"]}, {"$set": {"display_name": name}}))
    if len(batch) == 500:
        users.bulk_write(batch); batch.clear()
if batch:
    users.bulk_write(batch)
print("backfill done")
