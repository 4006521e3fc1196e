# Refresh the package index at most once a day.
apt_update 'periodic' do
  frequency 86_400
  action :periodic
end
